/**
 * `fail-fast` stops at the first failure: it aborts the running siblings, starts nothing more and rejects
 * with that failure. `collect-all` runs every task and reports every failure together.
 */
export type ParallelMode = 'fail-fast' | 'collect-all';

/**
 * How {@link parallel} and {@link map} run their tasks.
 *
 * @example
 * const options: ParallelOptions = { concurrency: 4, mode: 'collect-all', signal: AbortSignal.timeout(30_000) };
 */
export interface ParallelOptions {
  /** How many tasks run at once: an integer ≥ 1 (or `Infinity`). Default: all of them. */
  readonly concurrency?: number;
  /** Default `fail-fast`. */
  readonly mode?: ParallelMode;
  /** Aborts every running task, starts no more, and rejects the call with the signal's reason. */
  readonly signal?: AbortSignal;
}

/**
 * One unit of work. The signal is the task's own: it aborts when the caller's signal aborts or, in
 * `fail-fast`, when a sibling fails. A task that ignores it delays the call, which always waits for
 * every task it started.
 *
 * @example
 * const fetchPage: Task<string> = async (signal) => (await fetch(url, { signal })).text();
 */
export type Task<T> = (signal: AbortSignal) => Promise<T> | T;
