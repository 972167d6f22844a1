import { createHash } from 'node:crypto';
import { canonicalJson } from '../../durable/canonical-json.ts';
import type { JournalPosition } from '../../spec/effect-journal.ts';
import type { WorkflowMemory } from './workflow-memory.ts';

/** How a read is kept in the journal: JSON has no `undefined`, so a missing key is said outright. */
type RecordedRead = { readonly found: false } | { readonly found: true; readonly value: unknown };

/**
 * The memory as one step sees it: in a durable run, a read is the `memory-read` effect
 * `<step>/recall` and a write the `memory-write` effect `<step>/remember`, so a resumed run does not
 * write twice and a replay reads the recorded value, never the store's current one. Outside a durable
 * run, the memory itself.
 *
 * @example
 * const remembered = await journaledMemory(memory, execution.journal).get('prefs_ada');
 */
export function journaledMemory(
  memory: WorkflowMemory,
  position: JournalPosition | undefined,
): WorkflowMemory {
  if (position === undefined) return memory;
  const { journal, key: step } = position;
  return {
    get: (key) =>
      journal.effect<unknown>(
        `${step}/recall`,
        {
          kind: 'memory-read',
          idempotent: true,
          request: { key },
          encode: (value): RecordedRead => (value === undefined ? { found: false } : { found: true, value }),
          decode: (recorded) => {
            const read = recorded as RecordedRead | null;
            return read?.found === true ? read.value : undefined;
          },
        },
        () => memory.get(key),
      ),
    set: (key, value) =>
      journal.effect<void>(
        `${step}/remember`,
        {
          kind: 'memory-write',
          idempotent: true,
          request: {
            key,
            digest: createHash('sha256')
              .update(canonicalJson(value ?? null))
              .digest('hex'),
          },
          encode: () => null,
          decode: () => undefined,
        },
        () => memory.set(key, value),
      ),
  };
}
