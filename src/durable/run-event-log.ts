import type { NewEvent, Store } from '../spec/store.ts';

/** Optional fields of an event. */
export interface EventMeta {
  readonly processId?: string;
  readonly spanId?: string;
}

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
  #pending: NewEvent[] = [];
  #writing: Promise<void> | undefined;
  #failure: unknown;
  /** Ends the wait for more events of a batch at once (set while the drain waits). */
  #wake: (() => void) | undefined;

  constructor(store: Store, runId: string, now: () => number) {
    this.#store = store;
    this.#runId = runId;
    this.#now = now;
  }

  /** Appends one event (`<noun>-<action>`) with its JSON payload. */
  append(type: string, payload: unknown, meta: EventMeta = {}): void {
    this.#pending.push({ type, at: this.#now(), payload, ...meta });
    if (this.#writing === undefined) this.#writing = this.#drain();
    else if (this.#pending.length >= MAX_BATCH) this.#wake?.();
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
