/**
 * What a call cost, in US dollars, with its parts. `usd` is `undefined` when the model's price is
 * unknown: Vega never prices a model as some other model.
 */
export interface Cost {
  /** Total in dollars, or `undefined` when the price of some call's model is unknown. */
  readonly usd: number | undefined;
  readonly breakdown: CostBreakdown;
  /** Models that were used but have no price: their tokens are not in `usd`. */
  readonly unpricedModels: readonly string[];
}

/** Dollars per kind of token. Cache reads and writes are priced apart from plain input. */
export interface CostBreakdown {
  readonly input: number;
  readonly output: number;
  readonly cacheRead: number;
  readonly cacheWrite: number;
}

/** Prices of one model in dollars per million tokens. Reasoning tokens are billed as output. */
export interface ModelPrice {
  readonly input: number;
  readonly output: number;
  /** Defaults to `input` when the provider has no cache discount. */
  readonly cacheRead?: number;
  /** Defaults to `input` when the provider has no cache surcharge. */
  readonly cacheWrite?: number;
}
