export { addCosts, ZERO_COST } from './add-costs.ts';
export { costOfUsage } from './cost-of-usage.ts';
export { createPriceTable } from './create-price-table.ts';
export { DEFAULT_PRICE_ALIASES, DEFAULT_PRICES } from './default-prices.ts';
export { findPriceKey } from './find-price-key.ts';
export { formatUsd } from './format-usd.ts';
export type { PriceTable } from './price-table.ts';
