import { setTimeout as delay } from 'node:timers/promises';
import { isSqliteBusy } from './database-errors.ts';
import { StoreError } from './store-error.ts';

/** How long in all a write keeps retrying while SQLite reports the database busy. */
export const MAX_BUSY_WAIT_MS = 10_000;

/**
 * Runs an SQLite operation, and again after a growing pause while it fails with SQLITE_BUSY (another
 * process holds the write lock past the busy timeout), for at most {@link MAX_BUSY_WAIT_MS}. The first
 * attempt runs synchronously, so a write that succeeds costs no timer and no extra tick.
 *
 * @example
 * const seqs = await retryWhileBusy(() => appendInTransaction(runId, events), location);
 */
export function retryWhileBusy<T>(operation: () => T | Promise<T>, location: string): Promise<T> {
  try {
    const result = operation();
    if (!(result instanceof Promise)) return Promise.resolve(result);
    return result.catch((error: unknown) => retryLater(operation, location, error));
  } catch (error) {
    return retryLater(operation, location, error);
  }
}

async function retryLater<T>(operation: () => T | Promise<T>, location: string, error: unknown): Promise<T> {
  if (!isSqliteBusy(error)) throw error;
  const deadline = Date.now() + MAX_BUSY_WAIT_MS;
  let pauseMs = 5;
  let lastError = error;
  while (Date.now() < deadline) {
    await delay(pauseMs);
    pauseMs = Math.min(pauseMs * 2, 250);
    try {
      return await operation();
    } catch (next) {
      if (!isSqliteBusy(next)) throw next;
      lastError = next;
    }
  }
  throw new StoreError('store_busy', `The SQLite store at ${location} stayed locked by another process.`, {
    location,
    cause: lastError,
    hint: 'Another process keeps a long write transaction open; stop it or try again.',
  });
}
