import type { ModelPrice } from '../spec/cost.ts';

/**
 * Standard-tier list prices in US dollars per million tokens, as each provider publishes them
 * (Anthropic, OpenAI and Google pricing pages, checked 2026). Keys are canonical model ids; dated
 * snapshots such as `claude-sonnet-4-5-20250929` or `gpt-4o-2024-08-06` resolve to them (see
 * {@link findPriceKey}), and a snapshot priced apart from its family has its own key.
 *
 * - Anthropic: cache writes are the 5-minute writes (1.25× input), cache reads 0.1× input.
 * - OpenAI: `cacheRead` is the published cached-input price; there is no cache-write surcharge.
 * - Google: prices of the ≤200k-token tier; a longer prompt costs more than Vega reports. Explicit
 *   context-cache storage (per hour) is billed by Google apart from tokens and is not included.
 *
 * Batch, flex and priority tiers, and regional surcharges, are not modelled. Override any entry with
 * `createPriceTable({ 'model-id': { input, output, cacheRead, cacheWrite } })`.
 *
 * @example
 * DEFAULT_PRICES['claude-sonnet-4-5']; // { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 }
 */
export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = Object.freeze({
  // Anthropic
  'claude-opus-4-6': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  'claude-opus-4-5': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  'claude-opus-4-1': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  'claude-opus-4': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  'claude-sonnet-4-6': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-sonnet-4-5': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-sonnet-4': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-haiku-4-5': { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
  'claude-3-7-sonnet': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-3-5-sonnet': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-3-5-haiku': { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 },
  'claude-3-opus': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  'claude-3-haiku': { input: 0.25, output: 1.25, cacheRead: 0.03, cacheWrite: 0.3 },

  // OpenAI
  'gpt-5.2': { input: 1.75, output: 14, cacheRead: 0.175 },
  'gpt-5.2-pro': { input: 21, output: 168 },
  'gpt-5.1': { input: 1.25, output: 10, cacheRead: 0.125 },
  'gpt-5.1-chat-latest': { input: 1.25, output: 10, cacheRead: 0.125 },
  'gpt-5.1-codex': { input: 1.25, output: 10, cacheRead: 0.125 },
  'gpt-5.1-codex-mini': { input: 0.25, output: 2, cacheRead: 0.025 },
  'gpt-5': { input: 1.25, output: 10, cacheRead: 0.125 },
  'gpt-5-chat-latest': { input: 1.25, output: 10, cacheRead: 0.125 },
  'gpt-5-codex': { input: 1.25, output: 10, cacheRead: 0.125 },
  'gpt-5-pro': { input: 15, output: 120 },
  'gpt-5-mini': { input: 0.25, output: 2, cacheRead: 0.025 },
  'gpt-5-nano': { input: 0.05, output: 0.4, cacheRead: 0.005 },
  'gpt-4.1': { input: 2, output: 8, cacheRead: 0.5 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cacheRead: 0.1 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4, cacheRead: 0.025 },
  'gpt-4o': { input: 2.5, output: 10, cacheRead: 1.25 },
  // The first gpt-4o snapshot kept its launch price when later snapshots became cheaper.
  'gpt-4o-2024-05-13': { input: 5, output: 15 },
  'gpt-4o-mini': { input: 0.15, output: 0.6, cacheRead: 0.075 },
  'chatgpt-4o-latest': { input: 5, output: 15 },
  'gpt-4-turbo': { input: 10, output: 30 },
  'gpt-4': { input: 30, output: 60 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
  o1: { input: 15, output: 60, cacheRead: 7.5 },
  'o1-mini': { input: 1.1, output: 4.4, cacheRead: 0.55 },
  'o1-pro': { input: 150, output: 600 },
  o3: { input: 2, output: 8, cacheRead: 0.5 },
  'o3-pro': { input: 20, output: 80 },
  'o3-mini': { input: 1.1, output: 4.4, cacheRead: 0.55 },
  'o3-deep-research': { input: 10, output: 40, cacheRead: 2.5 },
  'o4-mini': { input: 1.1, output: 4.4, cacheRead: 0.275 },
  'o4-mini-deep-research': { input: 2, output: 8, cacheRead: 0.5 },
  'codex-mini-latest': { input: 1.5, output: 6, cacheRead: 0.375 },

  // Google (Gemini API, ≤200k-token prompts)
  'gemini-3-pro-preview': { input: 2, output: 12, cacheRead: 0.2 },
  'gemini-3-flash-preview': { input: 0.5, output: 3, cacheRead: 0.05 },
  'gemini-2.5-pro': { input: 1.25, output: 10, cacheRead: 0.125 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5, cacheRead: 0.03 },
  'gemini-2.5-flash-lite': { input: 0.1, output: 0.4, cacheRead: 0.01 },
  'gemini-2.0-flash': { input: 0.1, output: 0.4, cacheRead: 0.025 },
  'gemini-2.0-flash-lite': { input: 0.075, output: 0.3 },
} satisfies Record<string, ModelPrice>);

/**
 * Names that are neither a key of {@link DEFAULT_PRICES} nor such a key plus a date or version suffix,
 * mapped to the key they are priced as.
 */
export const DEFAULT_PRICE_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  'claude-opus-4-0': 'claude-opus-4',
  'claude-sonnet-4-0': 'claude-sonnet-4',
});
