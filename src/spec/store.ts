/**
 * The `Store` port: where runs, their event log, their journal of effects, the budget ledger and
 * key-value memory are kept. Two adapters implement it (SQLite through `node:sqlite`, PostgreSQL through
 * `pg`) and one contract test suite runs on both. Everything is plain JSON-able data; times are epoch
 * milliseconds; money is integer nano-dollars.
 */

/** Where a run is. A run whose process died stays `running` until it is resumed. */
export type RunStatus = 'running' | 'completed' | 'failed' | 'cancelled';

/** An error as it is kept: enough to show it and to raise it again on replay. */
export interface StoredError {
  /** The class name: `BudgetExceeded`, `ModelCallError`, `Error`. */
  readonly name: string;
  /** The stable code when the error has one (`budget_exceeded`). */
  readonly code?: string;
  readonly message: string;
  /** Other fields worth keeping (the error's JSON-able own properties). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A run as it is created. */
export interface NewRun {
  /** Unique; chosen by the caller (a UUID, or a name the user gave). */
  readonly id: string;
  readonly parentId?: string;
  /** `workflow`, `function`, … */
  readonly kind: string;
  /** The workflow's or function's name. */
  readonly name: string;
  readonly input: unknown;
  /** How to run it again (for a workflow: its file and workflow name). */
  readonly source?: unknown;
  /** Who runs it: `host:pid`. */
  readonly owner?: string;
  readonly createdAt: number;
}

/** A run as it is kept. */
export interface RunRecord extends NewRun {
  readonly status: RunStatus;
  readonly output?: unknown;
  readonly error?: StoredError;
  /** Settled spend of the run so far, integer nano-dollars. */
  readonly costNanoUsd: number;
  readonly updatedAt: number;
  readonly endedAt?: number;
}

/** A change to a run; fields left out keep their value. */
export interface RunUpdate {
  readonly status?: RunStatus;
  readonly output?: unknown;
  readonly error?: StoredError;
  readonly owner?: string;
  readonly costNanoUsd?: number;
  readonly updatedAt: number;
  readonly endedAt?: number;
}

/** Which runs `listRuns` returns: newest first. */
export interface RunFilter {
  readonly status?: RunStatus;
  readonly kind?: string;
  readonly parentId?: string;
  /** At most this many; default 100. */
  readonly limit?: number;
}

/** One fact in a run's event log, as appended. Names are `<noun>-<action>`: `step-started`. */
export interface NewEvent {
  readonly type: string;
  readonly at: number;
  readonly processId?: string;
  readonly spanId?: string;
  readonly payload: unknown;
}

/** An event as kept: with the run and its sequence number in the run (1, 2, 3, … with no gaps). */
export interface StoredEvent extends NewEvent {
  readonly runId: string;
  readonly seq: number;
}

/** Which events `listEvents` returns, in sequence order. */
export interface EventFilter {
  readonly runId?: string;
  /** Only these types. */
  readonly types?: readonly string[];
  /** Only events with `seq` greater than this (to follow a run). */
  readonly afterSeq?: number;
  /** `at` from (inclusive) and until (exclusive). */
  readonly since?: number;
  readonly until?: number;
  readonly limit?: number;
}

/** `started` before an effect runs; `completed` or `failed` once it has ended. */
export type EffectStatus = 'started' | 'completed' | 'failed';

/** The start of an effect, written before it runs. */
export interface EffectStart {
  readonly runId: string;
  /** Deterministic within the run: where in the program, and which occurrence there. */
  readonly key: string;
  /** `model-call`, `tool-call`, `sleep`, `now`, `random`, `step`, `child-run`. */
  readonly kind: string;
  /** Whether running it again has the same effect as once: then a start without an end is redone. */
  readonly idempotent: boolean;
  /** What identifies the request (a digest and a short description), to detect divergence. */
  readonly request?: unknown;
  readonly startedAt: number;
}

/** One effect in a run's journal. */
export interface JournalEntry extends EffectStart {
  /** Order of first start within the run: 1, 2, 3, … */
  readonly seq: number;
  readonly status: EffectStatus;
  readonly result?: unknown;
  readonly error?: StoredError;
  readonly endedAt?: number;
}

/** Where a memory entry is visible: everywhere, in one run, or to one agent. */
export interface MemoryScope {
  readonly kind: 'global' | 'run' | 'agent';
  /** The run id or agent name; empty for `global`. */
  readonly id: string;
}

/** A span's outcome, as OpenTelemetry has it. */
export type SpanStatusCode = 'unset' | 'ok' | 'error';

/** Something that happened at a point in a span (an exception, a retry). */
export interface StoredSpanEvent {
  readonly name: string;
  /** Epoch microseconds. */
  readonly timeUs: number;
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/**
 * One trace span as kept next to the run's event log. Times are epoch **microseconds** (spans are
 * often shorter than a millisecond); a span without `endUs` started and never ended (a crash).
 */
export interface StoredSpan {
  /** 32 hex digits. */
  readonly traceId: string;
  /** 16 hex digits; unique within the trace. */
  readonly spanId: string;
  readonly parentSpanId?: string;
  /** The `vega.run.id` attribute, when the span belongs to a run. */
  readonly runId?: string;
  readonly name: string;
  /** `internal`, `server`, `client`, `producer`, `consumer`. */
  readonly kind: string;
  readonly startUs: number;
  readonly endUs?: number;
  readonly status: SpanStatusCode;
  readonly statusMessage?: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly events?: readonly StoredSpanEvent[];
  /** The resource's attributes (`service.name`, …) when they are worth keeping. */
  readonly resource?: Readonly<Record<string, unknown>>;
}

/** Which spans `listSpans` returns, by start time. At least one of the fields is required. */
export interface SpanFilter {
  readonly runId?: string;
  readonly traceId?: string;
}

/**
 * The store. Every method is safe to call from many runs at once, and from several processes on the
 * same database; an append or a journal write that resolved is durable against the process being
 * killed.
 *
 * @example
 * const store = await openStore('.vega/vega.db');
 * await store.createRun({ id, kind: 'function', name: 'triage', input, createdAt: Date.now() });
 * await store.appendEvents(id, [{ type: 'run-started', at: Date.now(), payload: {} }]);
 * await store.close();
 */
export interface Store {
  /** `sqlite` or `postgres`. */
  readonly dialect: string;
  /** Where it is: a file path, or the URL without its password. */
  readonly location: string;

  /** Creates a run; rejects with a `StoreError` of code `store_conflict` when the id exists. */
  createRun(run: NewRun): Promise<RunRecord>;
  getRun(id: string): Promise<RunRecord | undefined>;
  /**
   * Also accepts a unique prefix of an id (as `git` does), for the CLI. An exact id wins; a prefix of
   * several ids rejects with `ambiguous_run_id`, naming them.
   */
  findRun(idOrPrefix: string): Promise<RunRecord | undefined>;
  /** Changes a run; `undefined` fields keep their value. Rejects with `run_not_found` for an unknown id. */
  updateRun(id: string, update: RunUpdate): Promise<void>;
  listRuns(filter?: RunFilter): Promise<RunRecord[]>;

  /**
   * Appends events to a run's log and returns their sequence numbers (consecutive, after the last).
   * Rejects with `run_not_found` for an unknown run.
   */
  appendEvents(runId: string, events: readonly NewEvent[]): Promise<number[]>;
  listEvents(filter: EventFilter): Promise<StoredEvent[]>;

  /**
   * Records that an effect starts. A key seen before keeps its `seq`; its entry is overwritten (a redo)
   * unless it is `completed`, which rejects with `store_conflict`. An unknown run rejects with
   * `run_not_found`. With `event`, the event is appended to the run's log with the record (in the same
   * transaction where the database allows: one commit for both on SQLite).
   */
  startEffect(start: EffectStart, event?: NewEvent): Promise<void>;
  /** Records an effect's result; rejects with `effect_not_found` when the key was never started. */
  completeEffect(
    runId: string,
    key: string,
    result: unknown,
    endedAt: number,
    event?: NewEvent,
  ): Promise<void>;
  /** Records that an effect failed, with its error; rejects with `effect_not_found` like `completeEffect`. */
  failEffect(
    runId: string,
    key: string,
    error: StoredError,
    endedAt: number,
    event?: NewEvent,
  ): Promise<void>;
  /**
   * Records an effect that ended as it started (reading the clock, drawing a random number): the
   * `started` and `completed` records in one write. Keys as for `startEffect`; a key already
   * `completed` rejects with `store_conflict`.
   */
  recordEffect(start: EffectStart, result: unknown, endedAt: number, event?: NewEvent): Promise<void>;
  /** A run's journal, in `seq` order. */
  listJournal(runId: string): Promise<JournalEntry[]>;

  /** Settled spend kept under a ledger scope (`daily:2026-11-21`), integer nano-dollars. */
  spentOf(scopeId: string): Promise<number>;
  /**
   * Adds settled spend to a ledger scope, atomically against other writers. Anything but whole
   * nano-dollars ≥ 0 rejects with `store_invalid_value`.
   */
  addSpend(scopeId: string, nanoUsd: number): Promise<void>;

  getMemory(scope: MemoryScope, key: string): Promise<unknown>;
  /** Sets a value (`undefined` deletes the key). */
  setMemory(scope: MemoryScope, key: string, value: unknown, at: number): Promise<void>;
  listMemory(scope: MemoryScope): Promise<Record<string, unknown>>;

  /**
   * Keeps spans, in one transaction. A span already kept (same trace and span id) is replaced, so a
   * span written when it started is completed by writing it again when it ends; a span that has ended
   * is never replaced by a record of it without an end (whatever order they arrive in). A span's run need not
   * exist (spans may arrive before the run is created, or belong to no run).
   */
  appendSpans(spans: readonly StoredSpan[]): Promise<void>;
  /**
   * The spans of a run or a trace, by start time. Rejects with `store_invalid_value` when the filter
   * names neither.
   */
  listSpans(filter: SpanFilter): Promise<StoredSpan[]>;

  /** Closes connections; later calls reject with `store_closed`. Safe to call twice. */
  close(): Promise<void>;
}
