import type { CircuitBreakerOptions } from '../../policy/policy-options.ts';
import { type BlockDraft, blockLabel, setField } from './block-draft.ts';
import type { KeyTable } from './key-table.ts';
import { readDuration } from './read-duration.ts';
import { readNumber } from './read-scalar.ts';

/** The keys of a `circuit_breaker:` block, on an agent, a step or in settings. */
export const circuitBreakerKeys: KeyTable<BlockDraft<CircuitBreakerOptions>> = {
  place: 'in circuit_breaker',
  keys: {
    threshold: (entry, context, draft) =>
      setField(
        draft,
        'threshold',
        readNumber(context, entry.value, blockLabel(draft.place, 'threshold'), { integer: true, minimum: 1 })
          ?.value,
      ),
    reset_after: (entry, context, draft) =>
      setField(
        draft,
        'resetAfterMs',
        readDuration(context, entry.value, blockLabel(draft.place, 'reset_after'))?.value,
      ),
    half_open_max: (entry, context, draft) =>
      setField(
        draft,
        'halfOpenMax',
        readNumber(context, entry.value, blockLabel(draft.place, 'half_open_max'), {
          integer: true,
          minimum: 1,
        })?.value,
      ),
  },
};
