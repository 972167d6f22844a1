import { fromNanoDollars, priceTokensInNanoDollars } from '../cost/nano-dollars.ts';
import type { ModelPrice } from '../spec/cost.ts';
import type { CallTokenEstimate } from './estimate-call-tokens.ts';

/**
 * The most a call can cost at `price`: every input token at the dearest input rate (plain or cache
 * write) and every output token at the output rate. Exact, in dollars of whole nano-dollars.
 *
 * @example
 * worstCaseCost({ input: 3, output: 15, cacheWrite: 3.75 }, { input: 1_000, output: 100 }); // 0.00525
 */
export function worstCaseCost(price: ModelPrice, tokens: CallTokenEstimate): number {
  const inputRate = Math.max(price.input, price.cacheWrite ?? price.input);
  return fromNanoDollars(
    priceTokensInNanoDollars(tokens.input, inputRate) + priceTokensInNanoDollars(tokens.output, price.output),
  );
}
