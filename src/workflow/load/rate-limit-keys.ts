import type { RateLimitOptions } from '../../policy/policy-options.ts';
import { type BlockDraft, blockLabel, setField } from './block-draft.ts';
import type { KeyTable } from './key-table.ts';
import { readDuration } from './read-duration.ts';
import { readNumber } from './read-scalar.ts';

/** The keys of a `rate_limit:` block, on an agent, a step, or in settings (for every model or one). */
export const rateLimitKeys: KeyTable<BlockDraft<RateLimitOptions>> = {
  place: 'in rate_limit',
  keys: {
    requests_per_minute: (entry, context, draft) =>
      setField(
        draft,
        'requestsPerMinute',
        readNumber(context, entry.value, blockLabel(draft.place, 'requests_per_minute'), {
          integer: false,
          above: 0,
        })?.value,
      ),
    tokens_per_minute: (entry, context, draft) =>
      setField(
        draft,
        'tokensPerMinute',
        readNumber(context, entry.value, blockLabel(draft.place, 'tokens_per_minute'), {
          integer: false,
          above: 0,
        })?.value,
      ),
    max_wait: (entry, context, draft) =>
      setField(
        draft,
        'maxWaitMs',
        readDuration(context, entry.value, blockLabel(draft.place, 'max_wait'))?.value,
      ),
  },
};

/** The key names of a rate-limit block, to tell one from a map of models. */
export const RATE_LIMIT_KEYS: readonly string[] = Object.keys(rateLimitKeys.keys);
