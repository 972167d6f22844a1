import type { RateLimitOptions } from '../../policy/policy-options.ts';
import { type BlockPlace, blockLabel, readBlock } from './block-draft.ts';
import type { LoadContext } from './load-context.ts';
import type { MapEntry } from './map-entries.ts';
import { rateLimitKeys } from './rate-limit-keys.ts';

/**
 * Reads a `rate_limit:` block: `{ requests_per_minute, tokens_per_minute, max_wait }`, each rate a
 * number above 0, at least one of them given. A block with errors, or without a rate, gives `undefined`.
 *
 * @example
 * const limit = readRateLimit(context, entry, { path: 'rate_limit', owner: " of agent 'Coder'" });
 * // { requestsPerMinute: 60, tokensPerMinute: 90000 }
 */
export function readRateLimit(
  context: LoadContext,
  entry: MapEntry,
  place: BlockPlace,
): RateLimitOptions | undefined {
  const block = readBlock(context, entry, place, rateLimitKeys);
  if (block === undefined) return undefined;
  if (block.value.requestsPerMinute === undefined && block.value.tokensPerMinute === undefined) {
    context.report(
      'error',
      'missing_key',
      `${blockLabel(place)} sets no limit`,
      entry.keySpan,
      'give requests_per_minute, tokens_per_minute or both, like { requests_per_minute: 60 }',
    );
    return undefined;
  }
  return block.value;
}
