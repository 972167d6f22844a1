import type { ParallelOptions, Task } from './parallel-options.ts';
import { runConcurrently } from './run-concurrently.ts';

/** What a list of tasks resolves to: a tuple of tasks gives a tuple of results, an array an array. */
export type TaskResults<Tasks extends readonly Task<unknown>[]> = {
  -readonly [Position in keyof Tasks]: Tasks[Position] extends (signal: AbortSignal) => infer Result
    ? Awaited<Result>
    : never;
};

/**
 * Runs tasks concurrently, at most `concurrency` at a time and started in input order, and resolves
 * with their results in input order. It never returns while a task it started is still running.
 *
 * - `fail-fast` (default): the first failure aborts the running tasks' signals, starts nothing more,
 *   and, once every started task has settled, rejects with that failure.
 * - `collect-all`: every task runs; if any failed, rejects with {@link ParallelFailed}, which carries
 *   every failure and every result.
 * - `options.signal` aborting cancels the running tasks, starts no more, and rejects with its reason.
 *
 * Rejects with a `RangeError` when `concurrency` is not an integer of at least 1.
 *
 * @example
 * const [user, orders] = await parallel(
 *   [(signal) => loadUser(id, signal), (signal) => loadOrders(id, signal)],
 *   { signal: request.signal },
 * );
 */
export function parallel<const Tasks extends readonly Task<unknown>[]>(
  tasks: Tasks,
  options?: ParallelOptions,
): Promise<TaskResults<Tasks>>;
export function parallel<T>(tasks: readonly Task<T>[], options?: ParallelOptions): Promise<T[]>;
export function parallel<T>(tasks: readonly Task<T>[], options?: ParallelOptions): Promise<T[]> {
  return runConcurrently(tasks, runTask, options);
}

function runTask<T>(task: Task<T>, _index: number, signal: AbortSignal): Promise<T> | T {
  return task(signal);
}
