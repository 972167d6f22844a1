import type { Cost, ModelPrice } from '../spec/cost.ts';
import type { Usage } from '../spec/usage.ts';
import { fromNanoDollars, priceTokensInNanoDollars } from './nano-dollars.ts';

/**
 * What `usage` costs at `price`. Plain input is the input that was neither read from nor written to the
 * cache; cache reads and writes are priced apart; output (reasoning included) at the output price.
 * Token counts below zero, and cache counts larger than the input they are part of, count as zero
 * rather than producing a negative cost. Without a price the cost is unknown and `model` is listed in
 * `unpricedModels`.
 *
 * @example
 * costOfUsage('claude-haiku-4-5', { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 }, usage);
 */
export function costOfUsage(model: string, price: ModelPrice | undefined, usage: Usage): Cost {
  if (price === undefined) {
    return {
      usd: undefined,
      breakdown: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
      unpricedModels: [model],
    };
  }
  const cacheReadTokens = countable(usage.cacheReadTokens);
  const cacheWriteTokens = countable(usage.cacheWriteTokens);
  const plainInputTokens = Math.max(0, countable(usage.inputTokens) - cacheReadTokens - cacheWriteTokens);
  const input = priceTokensInNanoDollars(plainInputTokens, price.input);
  const output = priceTokensInNanoDollars(countable(usage.outputTokens), price.output);
  const cacheRead = priceTokensInNanoDollars(cacheReadTokens, price.cacheRead ?? price.input);
  const cacheWrite = priceTokensInNanoDollars(cacheWriteTokens, price.cacheWrite ?? price.input);
  return {
    usd: fromNanoDollars(input + output + cacheRead + cacheWrite),
    breakdown: {
      input: fromNanoDollars(input),
      output: fromNanoDollars(output),
      cacheRead: fromNanoDollars(cacheRead),
      cacheWrite: fromNanoDollars(cacheWrite),
    },
    unpricedModels: [],
  };
}

function countable(tokens: number): number {
  return Number.isFinite(tokens) && tokens > 0 ? tokens : 0;
}
