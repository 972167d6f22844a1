import type { Cost } from '../spec/cost.ts';
import { fromNanoDollars, toNanoDollars } from './nano-dollars.ts';

/** The cost of nothing: the identity of {@link addCosts}. */
export const ZERO_COST: Cost = Object.freeze({
  usd: 0,
  breakdown: Object.freeze({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }),
  unpricedModels: Object.freeze([]) as readonly string[],
});

/**
 * Adds two costs. An unknown total stays unknown (`usd: undefined` if either is), while the breakdown
 * keeps adding the part that is known; unpriced models are merged without duplicates, in first-seen order.
 *
 * @example
 * const total = calls.map((call) => call.cost).reduce(addCosts, ZERO_COST);
 */
export function addCosts(a: Cost, b: Cost): Cost {
  const unpricedModels = [...a.unpricedModels];
  for (const model of b.unpricedModels) if (!unpricedModels.includes(model)) unpricedModels.push(model);
  return {
    usd: a.usd === undefined || b.usd === undefined ? undefined : add(a.usd, b.usd),
    breakdown: {
      input: add(a.breakdown.input, b.breakdown.input),
      output: add(a.breakdown.output, b.breakdown.output),
      cacheRead: add(a.breakdown.cacheRead, b.breakdown.cacheRead),
      cacheWrite: add(a.breakdown.cacheWrite, b.breakdown.cacheWrite),
    },
    unpricedModels,
  };
}

function add(a: number, b: number): number {
  return fromNanoDollars(toNanoDollars(a) + toNanoDollars(b));
}
