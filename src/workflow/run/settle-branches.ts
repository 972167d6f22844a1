import { runConcurrently } from '../../runtime/parallel/run-concurrently.ts';

/** How one branch of {@link settleBranches} ended. */
export type BranchOutcome<Value> =
  | { readonly state: 'not-started' }
  | { readonly state: 'done'; readonly value: Value }
  /** `cancelled`: it failed after `failFast` had cancelled the branches, so its error is a consequence. */
  | { readonly state: 'failed'; readonly error: unknown; readonly cancelled: boolean };

/** Options of {@link settleBranches}. */
export interface SettleBranchesOptions {
  /** The caller's signal: once aborted, no branch starts and the running ones see it. */
  readonly signal: AbortSignal;
  /** How many branches run at once; default all of them. */
  readonly concurrency?: number;
  /** Cancel the branches (through their signal) at the first failure, and start no more. */
  readonly failFast?: boolean;
}

/**
 * Runs `count` branches with at most `concurrency` of them in flight, started in branch order, and
 * waits until every started branch has ended (through the runtime's `runConcurrently`): never
 * throws, every outcome is in the list, by branch. Each branch gets a signal of its own, aborted when
 * the caller's is, and with the first failure when `failFast` is set.
 *
 * @example
 * const outcomes = await settleBranches(3, { signal, concurrency: 2 }, (index, signal) => work(index, signal));
 * const failure = firstFailure(outcomes);
 */
export async function settleBranches<Value>(
  count: number,
  options: SettleBranchesOptions,
  branch: (index: number, signal: AbortSignal) => Promise<Value>,
): Promise<BranchOutcome<Value>[]> {
  const outcomes: BranchOutcome<Value>[] = Array.from({ length: count }, () => ({ state: 'not-started' }));
  const failFast = options.failFast === true;
  let stopped = false;
  const indices = Array.from({ length: count }, (_, index) => index);
  try {
    await runConcurrently(
      indices,
      async (index, _position, signal) => {
        try {
          outcomes[index] = { state: 'done', value: await branch(index, signal) };
        } catch (error) {
          outcomes[index] = { state: 'failed', error, cancelled: stopped };
          if (failFast) stopped = true;
          throw error;
        }
      },
      {
        signal: options.signal,
        mode: failFast ? 'fail-fast' : 'collect-all',
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      },
    );
  } catch {
    // Every failure is in `outcomes`; an abort of the caller's signal is the caller's to report.
  }
  return outcomes;
}

/**
 * The failure that decides a concurrent step's error: the first failed branch in branch order, leaving
 * out branches that failed only because `failFast` had cancelled them.
 *
 * @example
 * const failure = firstFailure(outcomes);
 * if (failure !== undefined) throw failure.error;
 */
export function firstFailure(
  outcomes: readonly BranchOutcome<unknown>[],
): { readonly index: number; readonly error: unknown } | undefined {
  for (const [index, outcome] of outcomes.entries()) {
    if (outcome.state === 'failed' && !outcome.cancelled) return { index, error: outcome.error };
  }
  return undefined;
}
