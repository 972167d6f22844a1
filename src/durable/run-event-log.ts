import type { NewEvent, Store } from '../spec/store.ts';

/** Optional fields of an event. */
export interface EventMeta {
  readonly processId?: string;
  readonly spanId?: string;
}

/**
 * The writer of one run's event log: appends in order, batching what arrives while a write is in
 * flight, and never makes its caller wait. `flush()` waits for everything appended so far and rethrows
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

  constructor(store: Store, runId: string, now: () => number) {
    this.#store = store;
    this.#runId = runId;
    this.#now = now;
  }

  /** Appends one event (`<noun>-<action>`) with its JSON payload. */
  append(type: string, payload: unknown, meta: EventMeta = {}): void {
    this.#pending.push({ type, at: this.#now(), payload, ...meta });
    this.#writing ??= this.#drain();
  }

  /** Resolves once every event appended so far is in the store. */
  async flush(): Promise<void> {
    while (this.#writing !== undefined) await this.#writing;
    if (this.#failure !== undefined) throw this.#failure;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
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
