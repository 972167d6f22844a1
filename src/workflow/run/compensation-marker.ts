import type { CheckpointJournal } from '../../spec/effect-journal.ts';

/**
 * The journal record that says a workflow's failure was compensated, and at which of its own steps
 * (the key of the step, in that workflow's block, that failed). A resumed run reads it back: going on
 * past that step would build on undone work (see `RunCompensated`).
 *
 * @example
 * const marker = compensationMarker(journal, undefined); // the run's own workflow: key `compensated`
 * const failedAt = await marker.recorded(); // 'step-2' when a former execution compensated there
 * await marker.record('step-2');
 */
export interface CompensationMarker {
  /** The step whose failure an earlier execution compensated, if the journal holds the record. */
  recorded(): Promise<string | undefined>;
  /** Records that the failure at `failedKey` is being compensated (once: one read back is kept). */
  record(failedKey: string): Promise<void>;
}

/**
 * The marker of the workflow whose steps are keyed under `prefix` (absent for the run's own workflow).
 *
 * @example
 * compensationMarker(journal, 'step-1/workflow'); // key `step-1/workflow/compensated`
 */
export function compensationMarker(
  journal: CheckpointJournal,
  prefix: string | undefined,
): CompensationMarker {
  const key = prefix === undefined ? 'compensated' : `${prefix}/compensated`;
  const options = { kind: 'compensation', idempotent: true } as const;
  // A key is used once per execution: a marker read back from the journal is not recorded again.
  let read: string | undefined;
  return {
    async recorded() {
      if (journal.recordedStartOf(key) === undefined) return undefined;
      // A completed effect gives its recorded result without performing anything.
      read = (await journal.effect(key, options, async () => ({ failedKey: '' }))).failedKey;
      return read;
    },
    async record(failedKey) {
      if (read === undefined) await journal.effect(key, options, async () => ({ failedKey }));
    },
  };
}
