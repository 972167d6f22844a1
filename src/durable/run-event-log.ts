import type { NewEvent, Store } from '../spec/store.ts';

/** Optional fields of an event. */
export interface EventMeta {
  readonly processId?: string;
  readonly spanId?: string;
}

/** Sees each event appended to a run's log (its type and payload), synchronously; keep it quick. */
export type RunEventListener = (type: string, payload: unknown, runId: string) => void;

/** Events written in one batch at most, so a run that never yields still writes as it goes. */
const MAX_BATCH = 512;

/**
 * The writer of one run's event log: appends in order, batching what arrives before the event loop
 * turns or while a write is in flight (up to 512 events), and never makes its caller wait. `flush()` waits for everything appended so far and rethrows
 * the first failure.
 *
 * @example
 * const log = new RunEventLog(store, runId, clock);
 * log.append('step-started', { index: 0 });
 * await log.flush();
 */
export class RunEventLog {
  readonly #store: Store;
  readonly #runId: string;
  readonly #now: () => number;
  readonly #observe: RunEventListener | undefined;
  #pending: NewEvent[] = [];
  #writing: Promise<void> | undefined;
  #failure: unknown;
  /** Ends the wait for more events of a batch at once (set while the drain waits). */
  #wake: (() => void) | undefined;

  /** `observe` sees every appended event as it is appended (metrics); it must not throw. */
  constructor(store: Store, runId: string, now: () => number, observe?: RunEventListener) {
    this.#store = store;
    this.#runId = runId;
    this.#now = now;
    this.#observe = observe;
  }

  /** Appends one event (`<noun>-<action>`) with its JSON payload. */
  append(type: string, payload: unknown, meta: EventMeta = {}): void {
    this.#pending.push({ type, at: this.#now(), payload, ...meta });
    this.#observe?.(type, payload, this.#runId);
    if (this.#writing === undefined) this.#writing = this.#drain();
    else if (this.#pending.length >= MAX_BATCH) this.#wake?.();
  }

  /**
   * Shows the listener an event written another way (with a journal record, in the same commit), so
   * it sees model and tool calls too.
   */
  notify(event: NewEvent): void {
    this.#observe?.(event.type, event.payload, this.#runId);
  }

  /** Resolves once every event appended so far is in the store. */
  async flush(): Promise<void> {
    while (this.#writing !== undefined) await this.#writing;
    if (this.#failure !== undefined) throw this.#failure;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        // Events that arrive before the event loop turns share one write (one transaction): quick
        // workflow steps append two events each, and a commit per event was most of their time. A full
        // batch is written at once, so a run that never yields still writes as it goes.
        if (this.#pending.length < MAX_BATCH) {
          await new Promise<void>((resolve) => {
            this.#wake = resolve;
            setImmediate(resolve);
          });
          this.#wake = undefined;
        }
        const batch = this.#pending;
        this.#pending = [];
        try {
          await this.#store.appendEvents(this.#runId, batch);
        } catch (error) {
          this.#failure ??= error;
        }
      }
    } finally {
      this.#writing = undefined;
    }
  }
}
