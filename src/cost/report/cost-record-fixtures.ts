import type { ModelPrice } from '../../spec/cost.ts';
import type { Usage } from '../../spec/usage.ts';
import { costOfUsage } from '../cost-of-usage.ts';
import type { CostRecord } from './cost-record.ts';

/** Hand-written prices for the cost report's tests: Sonnet with cache rates, Haiku without. */
export const SONNET: ModelPrice = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };
export const HAIKU: ModelPrice = { input: 1, output: 5 };
export const PRICES: Readonly<Record<string, ModelPrice | undefined>> = {
  'claude-sonnet-4-5': SONNET,
  'claude-haiku-4-5': HAIKU,
};

/** A usage with no reasoning tokens. */
export function usage(
  inputTokens: number,
  outputTokens: number,
  cacheReadTokens = 0,
  cacheWriteTokens = 0,
): Usage {
  return { inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, reasoningTokens: 0 };
}

/**
 * A record of one Anthropic call priced from {@link PRICES} (unknown models cost `unknown`).
 *
 * @example
 * record('Coder', 'claude-sonnet-4-5', usage(10_000, 500), { step: 'draft' }); // $0.0375
 */
export function record(
  agent: string,
  model: string,
  used: Usage,
  extra: { step?: string; attempts?: number; fallbackFrom?: string } = {},
): CostRecord {
  return {
    ...extra,
    agent,
    provider: 'anthropic',
    model,
    usage: used,
    cost: costOfUsage(model, PRICES[model], used),
  };
}
