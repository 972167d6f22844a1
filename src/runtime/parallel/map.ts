import type { ParallelOptions } from './parallel-options.ts';
import { runConcurrently } from './run-concurrently.ts';

/**
 * {@link parallel} over items: calls `fn` for each item, at most `concurrency` at a time, and resolves
 * with the outputs in input order. Items are pulled from the iterable only when a slot is free, so a
 * long or endless generator is fine; when the call stops early the iterator is closed (`return()`).
 * Modes, cancellation and errors are those of {@link parallel}; if the iterator itself throws, the
 * running tasks are cancelled and the call rejects with that error once they have settled.
 *
 * @example
 * const summaries = await map(documents, (document, index, signal) => summarize(document, { signal }), {
 *   concurrency: 4,
 *   mode: 'collect-all',
 * });
 */
export function map<I, O>(
  items: Iterable<I> | readonly I[],
  fn: (item: I, index: number, signal: AbortSignal) => Promise<O> | O,
  options?: ParallelOptions,
): Promise<O[]> {
  return runConcurrently(items, fn, options);
}
