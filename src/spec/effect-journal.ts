/** How one effect is journaled. */
export interface EffectOptions<Value> {
  /** `model-call`, `tool-call`, `sleep`, `now`, `random`, `step`, `child-run`. */
  readonly kind: string;
  /** Whether running it again has the same effect as once: then a start without an end is redone. */
  readonly idempotent: boolean;
  /**
   * What identifies the request (a digest and a short description, JSON): when a resumed or replayed
   * run reaches a recorded effect with a different request, the run has diverged from its journal.
   */
  readonly request?: unknown;
  /** The process that makes the effect (an agent's), for its events. */
  readonly processId?: string;
  /** The result as it is kept (JSON); default the value itself. */
  readonly encode?: (value: Value) => unknown;
  /** The result from what was kept; default the kept JSON itself. */
  readonly decode?: (recorded: unknown) => Value;
}

/**
 * The journal of one run's effects. `effect` runs `perform` at most as often as the journal needs: a
 * completed effect returns its recorded result without running; a new one is recorded as started,
 * run, then recorded with its result.
 *
 * @example
 * const text = await journal.effect('step-2/t1/model', { kind: 'model-call', idempotent: true }, () => callModel());
 */
export interface EffectJournal {
  effect<Value>(key: string, options: EffectOptions<Value>, perform: () => Promise<Value>): Promise<Value>;
  /**
   * How the journal redacts secrets from what it keeps. Digests that identify a request are taken of
   * the redacted form, so a resumed run — which sees recorded replies with `[REDACTED]` in place of a
   * secret — computes the same digests as the run that recorded them.
   */
  readonly redact?: <Value>(value: Value) => Value;
}

/** Where an agent run's effects go: a journal, and the key prefix of this run's position in the program. */
export interface JournalPosition {
  readonly journal: EffectJournal;
  /** The run (durable run id) the journal belongs to: with `key`, it keys budget reservations. */
  readonly runId: string;
  /** The position of the agent run: its effects are keyed `<key>/t<turn>/model`, `<key>/t<turn>/tool-<i>`. */
  readonly key: string;
  /** The process the agent runs in, when it runs in one: its effects' events carry it. */
  readonly processId?: string;
}

/** A journal that also records (or, on resume and replay, checks) values the code computed. */
export interface CheckpointJournal extends EffectJournal {
  /**
   * Records `value` at `key`, or checks it against the recorded one (a divergence when they differ).
   * `startedAt` (default now) is kept as the record's start: the time the code saw when it began.
   */
  checkpoint(key: string, kind: string, value: unknown, startedAt?: number): Promise<void>;
  /** When the checkpoint at `key` recorded its start, if the journal holds it completed. */
  recordedStartOf(key: string): number | undefined;
}
