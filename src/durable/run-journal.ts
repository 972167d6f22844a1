import { OutcomeUnknown, RunDivergence } from '../errors/durable-errors.ts';
import type { EffectJournal, EffectOptions } from '../spec/effect-journal.ts';
import type { EffectStart, JournalEntry, NewEvent, Store } from '../spec/store.ts';
import { sameJson } from './canonical-json.ts';
import type { RunEventLog } from './run-event-log.ts';
import { reviveError, toStoredError } from './stored-error.ts';

/**
 * Effects that end as soon as they start: journaled in one write when they have ended, with one
 * `-completed` event (which has `startedAt`). Slow effects (model and tool calls, steps, timers, child
 * runs) get a `started` record and event before they run, so a crash inside them is known and a
 * follower of the log sees them begin.
 */
const INSTANT_KINDS: ReadonlySet<string> = new Set(['now', 'random', 'memory-read', 'memory-write']);

/**
 * Reading the clock and drawing a number are kept in the journal (which replay needs) but not in the
 * event log: they are not things that happened to anyone, and a loop of them would flood the log.
 */
const UNLOGGED_KINDS: ReadonlySet<string> = new Set(['now', 'random']);

/** A run context's key: a position (a path of sequence numbers and labels) and a last label. */
const POSITION = /^(.*?\d+):[^/]*$/;

/**
 * `record`: a live or resumed run — completed effects come back from the journal, the rest are
 * performed and recorded. `replay`: nothing is performed; every effect must come from the journal.
 */
export type JournalMode = 'record' | 'replay';

/** Options of {@link RunJournal}. */
export interface RunJournalOptions {
  readonly store: Store;
  readonly runId: string;
  /** What the journal held when the run (re)started. */
  readonly entries: readonly JournalEntry[];
  readonly mode: JournalMode;
  readonly now: () => number;
  /** Where `<kind>-started` (slow kinds only), `<kind>-completed` and `<kind>-failed` events go; none in replay. */
  readonly events?: RunEventLog;
  /** Adds event payload fields for a completed effect (a model call's usage and cost). */
  readonly describe?: (kind: string, value: unknown) => Record<string, unknown> | undefined;
  /**
   * Redacts secrets (the store keeps results redacted): requests and checkpointed values are compared
   * with the recorded ones in their redacted form.
   */
  readonly redact?: <Value>(value: Value) => Value;
}

/**
 * One run's journal of effects. Each effect is keyed by its position in the program; `effect()`
 * returns a completed effect's recorded result without performing it, redoes one that started but did
 * not end when it is idempotent (else throws {@link OutcomeUnknown}), and records new ones: `started`
 * before, `completed` (or `failed`) after. A recorded effect reached with another kind or request
 * throws {@link RunDivergence}.
 *
 * @example
 * const journal = new RunJournal({ store, runId, entries: await store.listJournal(runId), mode: 'record', now: Date.now });
 * const at = await journal.effect('3:now', { kind: 'now', idempotent: true }, async () => Date.now());
 */
export class RunJournal implements EffectJournal {
  readonly runId: string;
  readonly mode: JournalMode;
  /** Effects answered from the journal, and effects performed, in this execution. */
  readonly counts = { recorded: 0, performed: 0 };
  readonly redact?: <Value>(value: Value) => Value;
  readonly #options: RunJournalOptions;
  readonly #entries: Map<string, JournalEntry>;
  readonly #visited = new Set<string>();
  /** Recorded keys by position (`3` of `3:tool:send`, `2:step:fetch/1` of `2:step:fetch/1:now`). */
  readonly #positions = new Map<string, string>();
  /** What the run's completed model calls cost, recorded ones and new ones, in nano-dollars. */
  #spentNano = 0;

  constructor(options: RunJournalOptions) {
    this.runId = options.runId;
    this.mode = options.mode;
    if (options.redact !== undefined) this.redact = options.redact;
    this.#options = options;
    this.#entries = new Map(options.entries.map((entry) => [entry.key, entry]));
    for (const entry of options.entries) {
      if (entry.status === 'completed') this.#spentNano += costOfEffect(entry.kind, entry.result);
      const position = POSITION.exec(entry.key)?.[1];
      if (position !== undefined) this.#positions.set(position, entry.key);
    }
  }

  /**
   * Checks that the effect the code makes at `position` is the one recorded there: a run context's
   * keys are `<position>:<label>`, so another tool or agent at the same place is a divergence, not new
   * work.
   */
  claimPosition(position: string, key: string): void {
    const recorded = this.#positions.get(position);
    if (recorded !== undefined && recorded !== key) {
      throw new RunDivergence(
        this.runId,
        key,
        `the journal recorded '${recorded}' at this position`,
        recorded,
        key,
      );
    }
  }

  async effect<Value>(
    key: string,
    given: EffectOptions<Value>,
    perform: () => Promise<Value>,
  ): Promise<Value> {
    const request = this.redact === undefined ? given.request : this.redact(given.request);
    const options = request === given.request ? given : { ...given, request };
    this.#visit(key);
    const entry = this.#entries.get(key);
    if (entry !== undefined) this.#verify(entry, options.kind, options.request);
    if (entry?.status === 'completed') {
      this.counts.recorded += 1;
      return options.decode === undefined ? (entry.result as Value) : options.decode(entry.result);
    }
    if (this.mode === 'replay') {
      if (entry === undefined)
        throw this.#diverged(key, 'the recorded run has no such effect', undefined, options);
      if (entry.status === 'failed' && entry.error !== undefined) {
        this.counts.recorded += 1;
        throw reviveError(entry.error);
      }
      throw this.#diverged(key, 'the effect never ended in the recorded run', entry.request, options);
    }
    if (entry?.status === 'started' && !options.idempotent) {
      throw new OutcomeUnknown(this.runId, key, options.kind, entry.request);
    }
    return INSTANT_KINDS.has(options.kind)
      ? this.#record(key, options, perform, true)
      : this.#perform(key, options, perform);
  }

  /**
   * Records a value the code computed (a workflow step's output) at `key`, or checks it against the
   * value recorded there: a resumed or replayed run whose step gives another value has diverged.
   */
  async checkpoint(key: string, kind: string, value: unknown, startedAt?: number): Promise<void> {
    const entry = this.#entries.get(key);
    if (entry?.status === 'completed') {
      this.#visit(key);
      this.#verify(entry, kind, undefined);
      if (!sameJson(entry.result, this.redact === undefined ? value : this.redact(value))) {
        throw new RunDivergence(
          this.runId,
          key,
          `the ${kind}'s value differs from the recorded one`,
          entry.result,
          value,
        );
      }
      this.counts.recorded += 1;
      return;
    }
    if (this.mode === 'replay')
      throw this.#diverged(key, 'the recorded run has no such step', undefined, { kind, idempotent: true });
    this.#visit(key);
    await this.#record(key, { kind, idempotent: true }, async () => value, false, startedAt);
  }

  recordedStartOf(key: string): number | undefined {
    const entry = this.#entries.get(key);
    return entry?.status === 'completed' ? entry.startedAt : undefined;
  }

  /** The settled spend of the run: every completed model call in the journal, in nano-dollars. */
  spentNanoUsd(): number {
    return this.#spentNano;
  }

  /** Completed effects of the journal this execution never reached: a replay that ends early has diverged. */
  unvisited(): JournalEntry[] {
    return [...this.#entries.values()]
      .filter((entry) => entry.status === 'completed' && !this.#visited.has(entry.key))
      .sort((a, b) => a.seq - b.seq);
  }

  /**
   * An instant effect (or a checkpoint): performed first, then its `started` and `completed` records go
   * in one write. A crash before the write only means doing it again, which is all it costs.
   */
  async #record<Value>(
    key: string,
    options: EffectOptions<Value>,
    perform: () => Promise<Value>,
    withEvents: boolean,
    startedAt = this.#options.now(),
  ): Promise<Value> {
    const events = withEvents && !UNLOGGED_KINDS.has(options.kind) ? this.#options.events : undefined;
    const value = await perform();
    this.counts.performed += 1;
    const result = options.encode === undefined ? value : options.encode(value);
    const endedAt = this.#options.now();
    await events?.flush();
    const ended = events && this.#ended(key, options, 'completed', startedAt, endedAt, {});
    await this.#options.store.recordEffect(this.#start(key, options, startedAt), result, endedAt, ended);
    if (ended !== undefined) events?.notify(ended);
    return value;
  }

  /** A slow effect: `started` (and its event) before it runs, `completed` or `failed` after. */
  async #perform<Value>(
    key: string,
    options: EffectOptions<Value>,
    perform: () => Promise<Value>,
  ): Promise<Value> {
    const { store, runId, now, events } = this.#options;
    const startedAt = now();
    // An effect's events go with its journal records: one commit each on SQLite, and in log order.
    await events?.flush();
    const started = events && {
      type: `${options.kind}-started`,
      at: startedAt,
      ...(options.processId === undefined ? {} : { processId: options.processId }),
      payload: { key, request: options.request },
    };
    await store.startEffect(this.#start(key, options, startedAt), started);
    if (started !== undefined) events?.notify(started);
    this.counts.performed += 1;
    let value: Value;
    try {
      value = await perform();
    } catch (error) {
      const stored = toStoredError(error);
      const endedAt = now();
      await events?.flush();
      const failed = events && this.#ended(key, options, 'failed', startedAt, endedAt, { error: stored });
      await store.failEffect(runId, key, stored, endedAt, failed);
      if (failed !== undefined) events?.notify(failed);
      throw error;
    }
    const result = options.encode === undefined ? value : options.encode(value);
    const endedAt = now();
    await events?.flush();
    const completed =
      events &&
      this.#ended(
        key,
        options,
        'completed',
        startedAt,
        endedAt,
        this.#options.describe?.(options.kind, result) ?? {},
      );
    await store.completeEffect(runId, key, result, endedAt, completed);
    if (completed !== undefined) events?.notify(completed);
    this.#spentNano += costOfEffect(options.kind, result);
    return value;
  }

  #start<Value>(key: string, options: EffectOptions<Value>, startedAt: number): EffectStart {
    return {
      runId: this.runId,
      key,
      kind: options.kind,
      idempotent: options.idempotent,
      ...(options.request === undefined ? {} : { request: options.request }),
      startedAt,
    };
  }

  /** The `<kind>-completed` or `<kind>-failed` event: when it started, how long it took, and more. */
  #ended<Value>(
    key: string,
    options: EffectOptions<Value>,
    outcome: 'completed' | 'failed',
    startedAt: number,
    endedAt: number,
    more: Record<string, unknown>,
  ): NewEvent {
    return {
      type: `${options.kind}-${outcome}`,
      at: endedAt,
      ...(options.processId === undefined ? {} : { processId: options.processId }),
      payload: { key, startedAt, durationMs: endedAt - startedAt, request: options.request, ...more },
    };
  }

  #visit(key: string): void {
    if (this.#visited.has(key)) {
      throw new TypeError(
        `Effect key '${key}' was used twice in run ${this.runId}: keys must be unique positions in the program.`,
      );
    }
    this.#visited.add(key);
  }

  #verify(entry: JournalEntry, kind: string, request: unknown): void {
    if (entry.kind !== kind) {
      throw new RunDivergence(
        this.runId,
        entry.key,
        `the journal recorded a ${entry.kind} here, the code now makes a ${kind}`,
        entry.kind,
        kind,
      );
    }
    if (request !== undefined && entry.request !== undefined && !sameJson(entry.request, request)) {
      throw new RunDivergence(
        this.runId,
        entry.key,
        `the ${kind} request differs from the recorded one`,
        entry.request,
        request,
      );
    }
  }

  #diverged<Value>(
    key: string,
    reason: string,
    recorded: unknown,
    options: EffectOptions<Value>,
  ): RunDivergence {
    return new RunDivergence(this.runId, key, reason, recorded, {
      kind: options.kind,
      request: options.request,
    });
  }
}

/** A completed effect's cost in nano-dollars: a model call's `cost.usd`, else 0. */
function costOfEffect(kind: string, result: unknown): number {
  if (kind !== 'model-call') return 0;
  const usd = (result as { cost?: { usd?: number } } | undefined)?.cost?.usd;
  return typeof usd === 'number' ? Math.round(usd * 1e9) : 0;
}
