import type { Store } from '../spec/store.ts';
import { storeClosed } from './store-error.ts';

/** A store's methods without its identity and `close`. */
export type StoreMethods = Omit<Store, 'dialect' | 'location' | 'close'>;

/** How {@link guardClosed} finishes a store. */
export interface GuardClosedOptions {
  readonly dialect: string;
  readonly location: string;
  /** Releases the connections; called once. */
  readonly close: () => Promise<void>;
  /** Turns a driver error into the store's own (PostgreSQL); errors pass through when left out. */
  readonly mapError?: (error: unknown) => unknown;
}

/**
 * Makes a store out of its methods: every call after `close()` rejects with `store_closed`, a method
 * that throws synchronously rejects instead, and `close()` runs once however often it is called.
 *
 * @example
 * return guardClosed({ ...queries, appendEvents, ... }, { dialect: 'sqlite', location, close });
 */
export function guardClosed(methods: StoreMethods, options: GuardClosedOptions): Store {
  const { location, mapError } = options;
  let closed = false;
  let closing: Promise<void> | undefined;

  const guard =
    <A extends unknown[], R>(method: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      if (closed) return Promise.reject(storeClosed(location));
      let result: Promise<R>;
      try {
        result = method(...args);
      } catch (error) {
        return Promise.reject(mapError === undefined ? error : mapError(error));
      }
      if (mapError === undefined) return result;
      return result.catch((error: unknown) => {
        throw mapError(error);
      });
    };

  return {
    dialect: options.dialect,
    location,
    createRun: guard(methods.createRun),
    getRun: guard(methods.getRun),
    findRun: guard(methods.findRun),
    updateRun: guard(methods.updateRun),
    listRuns: guard(methods.listRuns),
    appendEvents: guard(methods.appendEvents),
    listEvents: guard(methods.listEvents),
    startEffect: guard(methods.startEffect),
    completeEffect: guard(methods.completeEffect),
    failEffect: guard(methods.failEffect),
    recordEffect: guard(methods.recordEffect),
    listJournal: guard(methods.listJournal),
    spentOf: guard(methods.spentOf),
    addSpend: guard(methods.addSpend),
    getMemory: guard(methods.getMemory),
    setMemory: guard(methods.setMemory),
    listMemory: guard(methods.listMemory),
    appendSpans: guard(methods.appendSpans),
    listSpans: guard(methods.listSpans),
    close() {
      closed = true;
      closing ??= options.close();
      return closing;
    },
  };
}
