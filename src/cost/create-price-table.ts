import type { Cost, ModelPrice } from '../spec/cost.ts';
import type { Usage } from '../spec/usage.ts';
import { costOfUsage } from './cost-of-usage.ts';
import { DEFAULT_PRICE_ALIASES, DEFAULT_PRICES } from './default-prices.ts';
import { findPriceKey } from './find-price-key.ts';
import type { PriceTable } from './price-table.ts';

/**
 * A price table of Vega's default list prices with `overrides` on top. An override is keyed by model id
 * (it then also prices that id's dated snapshots) or by a full registry name such as
 * `openai-compatible:groq:llama-3.3-70b-versatile` or `ollama:llama3.2`, and replaces a default entry
 * whole.
 *
 * @example
 * const prices = createPriceTable({ 'ollama:llama3.2': { input: 0, output: 0 } });
 * prices.costOf('claude-sonnet-4-5-20250929', usage).usd; // e.g. 0.0123
 */
export function createPriceTable(overrides: Readonly<Record<string, ModelPrice>> = {}): PriceTable {
  const prices: Readonly<Record<string, ModelPrice>> = Object.freeze({ ...DEFAULT_PRICES, ...overrides });
  const knownModels = Object.freeze(Object.keys(prices).sort());

  function priceOf(model: string): ModelPrice | undefined {
    const key = findPriceKey(model, prices, DEFAULT_PRICE_ALIASES);
    return key === undefined ? undefined : prices[key];
  }

  return {
    priceOf,
    costOf(model: string, usage: Usage): Cost {
      return costOfUsage(model, priceOf(model), usage);
    },
    knownModels: () => knownModels,
  };
}
