/**
 * Money is added up in integer nano-dollars (1e-9 USD), then divided once for display and for the
 * `Cost` fields. Every amount Vega reports is therefore `n / 1e9` for an integer `n`, the double closest
 * to that decimal, so sums carry no float noise: `addCosts` of $0.10 and $0.20 is exactly `0.3`.
 */
export const NANO_DOLLARS_PER_DOLLAR = 1_000_000_000;

/** Converts dollars that Vega computed (`n / 1e9`) back to the integer `n`. */
export function toNanoDollars(usd: number): number {
  return Math.round(usd * NANO_DOLLARS_PER_DOLLAR);
}

/** Converts integer nano-dollars to dollars. */
export function fromNanoDollars(nanoDollars: number): number {
  return nanoDollars / NANO_DOLLARS_PER_DOLLAR;
}

/**
 * The price of `tokens` tokens at `dollarsPerMillion`, in nano-dollars. The price goes through an
 * integer pico-dollars-per-token step, so the product is exact for any price with at most six decimals
 * and any realistic token count; the result is rounded to the nearest nano-dollar only when a price is
 * finer than $0.001 per million tokens.
 */
export function priceTokensInNanoDollars(tokens: number, dollarsPerMillion: number): number {
  const picoDollarsPerToken = Math.round(dollarsPerMillion * 1_000_000);
  return Math.round((tokens * picoDollarsPerToken) / 1000);
}
