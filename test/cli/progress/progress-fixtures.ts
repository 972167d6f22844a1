import type { Cost } from '../../../src/spec/cost.ts';
import { type Usage, ZERO_USAGE } from '../../../src/spec/usage.ts';
import type { AgentStepRecord, StepRecord } from '../../../src/workflow/run/workflow-result.ts';

/** Usage of `input` + `output` tokens. */
export function usage(input: number, output: number): Usage {
  return { ...ZERO_USAGE, inputTokens: input, outputTokens: output };
}

/** A known cost in dollars. */
export function cost(usd: number): Cost {
  return { usd, breakdown: { input: usd, output: 0, cacheRead: 0, cacheWrite: 0 }, unpricedModels: [] };
}

/** The record of an agent step that used `tokens` (input) and cost `usd`. */
export function agentRecord(
  index: number,
  agent: string,
  tokens: number,
  usd: number,
  more: Partial<AgentStepRecord> = {},
): StepRecord {
  return {
    kind: 'agent',
    index,
    agent,
    message: 'm',
    text: 't',
    durationMs: 0,
    usage: usage(tokens, 0),
    cost: cost(usd),
    ...more,
  };
}
