import type { Cost, ModelPrice } from '../spec/cost.ts';
import type { Usage } from '../spec/usage.ts';

/** Prices of the models Vega knows, and what a call's usage costs. Built by `createPriceTable`. */
export interface PriceTable {
  /**
   * The price of a model, by id (`claude-sonnet-4-5`), dated snapshot (`claude-sonnet-4-5-20250929`)
   * or registry name (`anthropic:claude-sonnet-4-5`, `openai-chat:gpt-4o`); `undefined` when unknown.
   */
  priceOf(model: string): ModelPrice | undefined;
  /** What `usage` of `model` cost; `usd` is `undefined` (and the model listed) when its price is unknown. */
  costOf(model: string, usage: Usage): Cost;
  /** The canonical ids the table has prices for, sorted. */
  knownModels(): readonly string[];
}
