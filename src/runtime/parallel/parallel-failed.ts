import { VegaError } from '../../errors/vega-error.ts';

/** One failed task of a `collect-all` call: its position in the input and what it threw. */
export interface TaskFailure {
  readonly index: number;
  readonly error: unknown;
}

/**
 * Some tasks of a `collect-all` call failed. Like `AggregateError`, it carries every failure (`errors`,
 * in input order), and it also carries every outcome (`results`, in input order, shaped like
 * `Promise.allSettled`'s), so the work that succeeded is not lost. `cause` is the first failure.
 *
 * @example
 * try { await map(urls, download, { mode: 'collect-all' }); } catch (error) {
 *   if (error instanceof ParallelFailed) {
 *     const pages = error.results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
 *   }
 * }
 */
export class ParallelFailed<T = unknown> extends VegaError {
  readonly errors: readonly TaskFailure[];
  readonly results: readonly PromiseSettledResult<T>[];

  constructor(errors: readonly TaskFailure[], results: readonly PromiseSettledResult<T>[]) {
    const first = errors[0];
    super(
      'parallel_failed',
      `${errors.length} of ${results.length} tasks failed; the first (task ${first?.index}): ${describe(first?.error)}`,
      {
        cause: first?.error,
        hint: 'Each failure is in `errors` (with its index); `results` holds every outcome, the successes included.',
      },
    );
    this.name = 'ParallelFailed';
    this.errors = errors;
    this.results = results;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
