/**
 * Suffixes that pin a snapshot of a model without changing what it is: `-20250929` (Anthropic),
 * `-2024-08-06` (OpenAI), `@20250929` (Vertex AI), `-001` (Google's stable versions) and `-latest`.
 * Only these are stripped, and only from the end: an unknown model is never priced as a known one
 * that merely shares a prefix (`gpt-4o-mini` is not `gpt-4o`, `claude-foo` is nothing).
 */
const SNAPSHOT_SUFFIX = /(?:-\d{8}|-\d{4}-\d{2}-\d{2}|@\d{8}|-\d{3}|-latest)$/;

/**
 * Finds the key a model name is priced under, or `undefined` when it has no price. Tries the name as
 * given, then without its provider prefix (`anthropic:`, `openai-chat:`, `openai-compatible:<name>:` …);
 * each as an exact key, through `aliases`, and without a snapshot suffix.
 *
 * @example
 * findPriceKey('anthropic:claude-sonnet-4-5-20250929', DEFAULT_PRICES, DEFAULT_PRICE_ALIASES); // 'claude-sonnet-4-5'
 */
export function findPriceKey(
  name: string,
  prices: Readonly<Record<string, unknown>>,
  aliases: Readonly<Record<string, string>> = {},
): string | undefined {
  const candidates = [name.trim()];
  const bare = withoutProviderPrefix(name.trim());
  if (bare !== undefined) candidates.push(bare);
  for (const candidate of candidates) {
    const key =
      findKey(candidate, prices, aliases) ?? findKey(withoutSnapshotSuffix(candidate), prices, aliases);
    if (key !== undefined) return key;
  }
  return undefined;
}

function findKey(
  name: string | undefined,
  prices: Readonly<Record<string, unknown>>,
  aliases: Readonly<Record<string, string>>,
): string | undefined {
  if (name === undefined || name === '') return undefined;
  if (Object.hasOwn(prices, name)) return name;
  const alias = Object.hasOwn(aliases, name) ? aliases[name] : undefined;
  return alias !== undefined && Object.hasOwn(prices, alias) ? alias : undefined;
}

function withoutSnapshotSuffix(name: string): string | undefined {
  const stripped = name.replace(SNAPSHOT_SUFFIX, '');
  return stripped === name ? undefined : stripped;
}

function withoutProviderPrefix(name: string): string | undefined {
  const colon = name.indexOf(':');
  if (colon < 0) return undefined;
  const provider = name.slice(0, colon);
  const rest = name.slice(colon + 1);
  if (provider !== 'openai-compatible') return rest;
  const second = rest.indexOf(':');
  return second < 0 ? undefined : rest.slice(second + 1);
}
