import type { ModelUsage } from '../../spec/model.ts';
import type { ScriptedUsage } from './scripted-reply.ts';

/**
 * Scripted usage in the specification's shape. `input` is the total including cache reads and writes
 * and `output` includes reasoning, as in Vega's `Usage`; numbers the script leaves out are 0.
 *
 * @example
 * toModelUsage({ input: 120, output: 18, cacheRead: 100 }).inputTokens.noCache; // 20
 */
export function toModelUsage(usage: ScriptedUsage): ModelUsage {
  const input = usage.input ?? 0;
  const output = usage.output ?? 0;
  const cacheRead = usage.cacheRead ?? 0;
  const cacheWrite = usage.cacheWrite ?? 0;
  const reasoning = usage.reasoning ?? 0;
  return {
    inputTokens: {
      total: input,
      noCache: Math.max(0, input - cacheRead - cacheWrite),
      cacheRead,
      cacheWrite,
    },
    outputTokens: { total: output, text: Math.max(0, output - reasoning), reasoning },
  };
}
