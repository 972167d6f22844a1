import { isMap, isScalar, type ParsedNode } from 'yaml';
import type { RateLimitOptions } from '../../policy/policy-options.ts';
import type { RateLimitSettings } from '../document/workflow-document.ts';
import type { LoadContext } from './load-context.ts';
import { type MapEntry, readMapEntries } from './map-entries.ts';
import { RATE_LIMIT_KEYS } from './rate-limit-keys.ts';
import { readRateLimit } from './read-rate-limit.ts';
import { resolveNode } from './resolve-node.ts';

const PATH = 'settings.rate_limit';

/**
 * Reads `settings.rate_limit` in either form: a rate-limit block, the limit of every model, or a map
 * of model name → block. A key holding a map that is not a rate-limit key names a model; a block that
 * mixes both kinds of key is `conflicting_keys`. Errors give `undefined`.
 *
 * @example
 * readSettingsRateLimit(context, entry); // { default: { requestsPerMinute: 60 } }
 * readSettingsRateLimit(context, entry); // { perModel: { 'gpt-4o': { tokensPerMinute: 90000 } } }
 */
export function readSettingsRateLimit(context: LoadContext, entry: MapEntry): RateLimitSettings | undefined {
  const node = resolveNode(context, entry.value);
  const models = isMap(node)
    ? node.items.filter(
        (pair) => isModelKey(pair.key) && isMap(resolveNode(context, pair.value as ParsedNode | null)),
      )
    : [];
  if (models.length === 0) {
    const limit = readRateLimit(context, entry, { path: PATH, owner: '' });
    return limit === undefined ? undefined : { default: limit };
  }
  const entries = readMapEntries(context, node, `\`${PATH}\``) ?? [];
  const isModel = (item: MapEntry): boolean => !RATE_LIMIT_KEYS.includes(item.key) && isMap(item.value);
  const limitKey = entries.find((item) => !isModel(item));
  const modelKey = entries.find(isModel);
  if (limitKey !== undefined && modelKey !== undefined) {
    const [first] = entries;
    const odd = first !== undefined && isModel(first) ? limitKey : modelKey;
    context.report(
      'error',
      'conflicting_keys',
      `\`${PATH}\` mixes a limit for every model ('${limitKey.key}') with limits per model ('${modelKey.key}')`,
      odd.keySpan,
      `write either { requests_per_minute: 60 } for every model, or { ${modelKey.key}: { requests_per_minute: 60 } } per model`,
    );
    return undefined;
  }
  const perModel: Record<string, RateLimitOptions> = {};
  let failed = false;
  for (const model of entries) {
    const limit = readRateLimit(context, model, { path: `${PATH}.${model.key}`, owner: '' });
    if (limit === undefined) failed = true;
    else perModel[model.key] = limit;
  }
  return failed ? undefined : { perModel };
}

function isModelKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'string' && !RATE_LIMIT_KEYS.includes(key.value);
}
