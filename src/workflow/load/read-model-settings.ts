import type { ModelPrice } from '../../spec/cost.ts';
import { applyKeyTable, type KeyTable } from './key-table.ts';
import type { LoadContext } from './load-context.ts';
import { type MapEntry, readMapEntries } from './map-entries.ts';
import { readNumber, readText } from './read-scalar.ts';

/** `settings.models`: aliases by name, and prices per model in dollars per million tokens. */
export interface ModelSettings {
  readonly aliases?: Readonly<Record<string, string>>;
  readonly prices?: Readonly<Record<string, ModelPrice>>;
}

type PriceDraft = { -readonly [K in keyof ModelPrice]?: number };

const price =
  (field: keyof ModelPrice) =>
  (entry: MapEntry, context: LoadContext, draft: PriceDraft): void => {
    const value = readNumber(context, entry.value, `\`${field}\` of a price`, { integer: false, minimum: 0 });
    if (value !== undefined) draft[field] = value.value;
  };

const priceKeys: KeyTable<PriceDraft> = {
  place: 'in a price',
  keys: {
    input: price('input'),
    output: price('output'),
    cache_read: (entry, context, draft) => price('cacheRead')(entry, context, draft),
    cache_write: (entry, context, draft) => price('cacheWrite')(entry, context, draft),
  },
};

/**
 * Reads `settings.models`: each key is an alias for a model name (`fast: claude-haiku-4-5`), except
 * `prices`, a map of model name → `{ input, output, cache_read?, cache_write? }` in dollars per million
 * tokens, which replace Vega's list prices for those models.
 *
 * @example
 * const models = readModelSettings(context, entry); // { aliases: { fast: 'claude-haiku-4-5' }, prices: {...} }
 */
export function readModelSettings(context: LoadContext, entry: MapEntry): ModelSettings | undefined {
  const entries = readMapEntries(context, entry.value, '`settings.models`');
  if (entries === undefined) return undefined;
  const aliases: Record<string, string> = {};
  const prices: Record<string, ModelPrice> = {};
  for (const item of entries) {
    if (item.key === 'prices') {
      for (const model of readMapEntries(context, item.value, '`settings.models.prices`') ?? []) {
        const read = readPrice(context, model);
        if (read !== undefined) prices[model.key] = read;
      }
      continue;
    }
    const target = readText(context, item.value, `the model alias '${item.key}'`);
    if (target !== undefined) aliases[item.key] = target.value;
  }
  return {
    ...(Object.keys(aliases).length === 0 ? {} : { aliases }),
    ...(Object.keys(prices).length === 0 ? {} : { prices }),
  };
}

function readPrice(context: LoadContext, entry: MapEntry): ModelPrice | undefined {
  const entries = readMapEntries(context, entry.value, `the price of '${entry.key}'`);
  if (entries === undefined) return undefined;
  const draft: PriceDraft = {};
  applyKeyTable(context, entries, priceKeys, draft, `the price of '${entry.key}'`);
  const missing = (['input', 'output'] as const).filter((field) => draft[field] === undefined);
  if (missing.length > 0) {
    if (!entries.some((item) => missing.includes(item.key as 'input' | 'output'))) {
      context.report(
        'error',
        'missing_key',
        `the price of '${entry.key}' needs ${missing.map((field) => `\`${field}\``).join(' and ')}`,
        entry.keySpan,
        'write it as { input: 3.0, output: 15.0 }, dollars per million tokens',
      );
    }
    return undefined;
  }
  return {
    input: draft.input ?? 0,
    output: draft.output ?? 0,
    ...(draft.cacheRead === undefined ? {} : { cacheRead: draft.cacheRead }),
    ...(draft.cacheWrite === undefined ? {} : { cacheWrite: draft.cacheWrite }),
  };
}

/**
 * A model name with its alias resolved: `fast` → `claude-haiku-4-5` when `settings.models` says so;
 * any other name as it is.
 *
 * @example
 * resolveModelAlias({ fast: 'claude-haiku-4-5' }, 'fast'); // 'claude-haiku-4-5'
 */
export function resolveModelAlias(
  aliases: Readonly<Record<string, string>> | undefined,
  name: string,
): string {
  return aliases !== undefined && Object.hasOwn(aliases, name) ? (aliases[name] ?? name) : name;
}
