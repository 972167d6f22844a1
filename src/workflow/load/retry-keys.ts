import type { RetryBackoffType, RetryOptions } from '../../policy/policy-options.ts';
import { type BlockDraft, blockLabel, setField } from './block-draft.ts';
import type { KeyTable } from './key-table.ts';
import { readChoice } from './read-choice.ts';
import { readDuration } from './read-duration.ts';
import { readNumber } from './read-scalar.ts';

/** The words of `retry.backoff`. */
export const RETRY_BACKOFF_TYPES: readonly RetryBackoffType[] = [
  'exponential',
  'linear',
  'constant',
  'fibonacci',
];

/**
 * The keys of a `retry:` block, on an agent, a step or in settings. `multiplier` (the growth factor of
 * `exponential`, default 2) is an extension beyond the spec.
 */
export const retryKeys: KeyTable<BlockDraft<RetryOptions>> = {
  place: 'in retry',
  keys: {
    max_attempts: (entry, context, draft) =>
      setField(
        draft,
        'maxAttempts',
        readNumber(context, entry.value, blockLabel(draft.place, 'max_attempts'), {
          integer: true,
          minimum: 1,
        })?.value,
      ),
    backoff: (entry, context, draft) =>
      setField(
        draft,
        'backoff',
        readChoice(context, entry.value, blockLabel(draft.place, 'backoff'), RETRY_BACKOFF_TYPES)?.value,
      ),
    initial: (entry, context, draft) =>
      setField(
        draft,
        'initialMs',
        readDuration(context, entry.value, blockLabel(draft.place, 'initial'))?.value,
      ),
    max: (entry, context, draft) =>
      setField(draft, 'maxMs', readDuration(context, entry.value, blockLabel(draft.place, 'max'))?.value),
    multiplier: (entry, context, draft) =>
      setField(
        draft,
        'multiplier',
        readNumber(context, entry.value, blockLabel(draft.place, 'multiplier'), {
          integer: false,
          minimum: 1,
        })?.value,
      ),
    jitter: (entry, context, draft) =>
      setField(
        draft,
        'jitter',
        readNumber(context, entry.value, blockLabel(draft.place, 'jitter'), {
          integer: false,
          minimum: 0,
          maximum: 1,
        })?.value,
      ),
  },
};
