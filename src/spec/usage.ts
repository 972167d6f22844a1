import type { ModelUsage } from './model.ts';

/**
 * Token usage of one model call or of many added together. `inputTokens` includes cached input
 * (`cacheReadTokens` + `cacheWriteTokens` are parts of it); `reasoningTokens` are part of `outputTokens`.
 */
export interface Usage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
  readonly reasoningTokens: number;
}

/** Usage of nothing: the identity of {@link addUsage}. */
export const ZERO_USAGE: Usage = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
});

/**
 * Adds two usages field by field.
 *
 * @example
 * const total = addUsage(first.usage, second.usage);
 */
export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
  };
}

/**
 * Converts the AI SDK's usage shape (with `undefined` for what a provider did not report) to Vega's.
 *
 * @example
 * const usage = usageFromModel(result.usage);
 */
export function usageFromModel(usage: ModelUsage): Usage {
  const cacheRead = usage.inputTokens.cacheRead ?? 0;
  const cacheWrite = usage.inputTokens.cacheWrite ?? 0;
  const inputTotal = usage.inputTokens.total ?? (usage.inputTokens.noCache ?? 0) + cacheRead + cacheWrite;
  const reasoning = usage.outputTokens.reasoning ?? 0;
  const outputTotal = usage.outputTokens.total ?? (usage.outputTokens.text ?? 0) + reasoning;
  return {
    inputTokens: inputTotal,
    outputTokens: outputTotal,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: reasoning,
  };
}

/** Total tokens, input plus output. */
export function totalTokens(usage: Usage): number {
  return usage.inputTokens + usage.outputTokens;
}
