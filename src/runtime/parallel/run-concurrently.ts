import { ParallelFailed, type TaskFailure } from './parallel-failed.ts';
import type { ParallelOptions } from './parallel-options.ts';

/** Runs one item; may return a value or throw synchronously, both are handled like a settled promise. */
export type RunItem<I, O> = (item: I, index: number, signal: AbortSignal) => Promise<O> | O;

/**
 * The engine under {@link parallel} and {@link map}: pulls items lazily, runs at most `concurrency` of
 * them at once, each under its own `AbortController`, and settles only when nothing it started is
 * still running.
 *
 * @example
 * const lengths = await runConcurrently(['a', 'bb'], (text) => text.length, { concurrency: 1 });
 */
export function runConcurrently<I, O>(
  items: Iterable<I>,
  run: RunItem<I, O>,
  options: ParallelOptions = {},
): Promise<O[]> {
  const concurrency = options.concurrency ?? Number.POSITIVE_INFINITY;
  if (!(Number.isInteger(concurrency) || concurrency === Number.POSITIVE_INFINITY) || concurrency < 1) {
    return Promise.reject(
      new RangeError(
        `concurrency must be an integer of at least 1 (or Infinity); got ${String(concurrency)}.`,
      ),
    );
  }
  const mode = options.mode ?? 'fail-fast';
  if (mode !== 'fail-fast' && mode !== 'collect-all') {
    return Promise.reject(new RangeError(`mode must be 'fail-fast' or 'collect-all'; got ${String(mode)}.`));
  }
  const outer = options.signal;
  if (outer?.aborted) return Promise.reject(abortReason(outer));

  const { promise, resolve, reject } = Promise.withResolvers<O[]>();
  const iterator = items[Symbol.iterator]();
  const results: O[] = Array.isArray(items) ? new Array<O>(items.length) : [];
  const running = new Set<AbortController>();
  let failures: TaskFailure[] | undefined;
  // Set once the outcome is decided ahead of time (first failure, outer abort, broken iterator).
  let verdict: { readonly error: unknown } | undefined;
  // No task starts once draining: the input is used up or the outcome is decided.
  let draining = false;
  // The iterator needs no closing: it said `done`, threw, or was closed.
  let exhausted = false;
  let pumping = false;
  let pulling = false;
  let finished = false;
  let nextIndex = 0;

  const onAbort = (): void => {
    const reason = abortReason(outer!);
    stop(reason, reason);
  };
  outer?.addEventListener('abort', onAbort, { once: true });

  /** Decides the call's outcome early: cancels the running tasks with `cancelReason`, starts no more. */
  function stop(error: unknown, cancelReason: unknown): void {
    if (verdict !== undefined || finished) return;
    verdict = { error };
    draining = true;
    for (const controller of running) controller.abort(cancelReason);
    closeIterator();
    finishIfDone();
  }

  /** Lets a generator run its `finally` when the call stops before the input is used up. */
  function closeIterator(): void {
    // While `next()` runs, a generator cannot be closed; the pump closes it once `next()` returns.
    if (exhausted || pulling) return;
    exhausted = true;
    try {
      iterator.return?.();
    } catch {
      // As in a `for…of` left by a throw: the error that decided the call wins over a failing cleanup.
    }
  }

  function pump(): void {
    // A task that settles synchronously re-enters here from inside the loop below.
    if (pumping) return;
    pumping = true;
    while (!draining && running.size < concurrency) {
      let step: IteratorResult<I>;
      pulling = true;
      try {
        step = iterator.next();
      } catch (error) {
        // A throwing iterator is already closed; calling `return` on it again would be wrong.
        pulling = false;
        exhausted = true;
        stop(error, cancellation('Cancelled because the input iterator threw.', error));
        break;
      }
      pulling = false;
      if (step.done === true) {
        exhausted = true;
        draining = true;
      } else if (draining) {
        // The call was stopped from inside `next()` (say, the iterator aborted the signal).
        closeIterator();
      } else {
        start(step.value, nextIndex++);
      }
    }
    pumping = false;
    finishIfDone();
  }

  function start(item: I, index: number): void {
    const controller = new AbortController();
    running.add(controller);
    let outcome: Promise<O> | O;
    try {
      outcome = run(item, index, controller.signal);
      if (!isThenable(outcome)) {
        succeed(controller, index, outcome);
        return;
      }
    } catch (error) {
      fail(controller, index, error);
      return;
    }
    Promise.resolve(outcome).then(
      (value) => succeed(controller, index, value),
      (error: unknown) => fail(controller, index, error),
    );
  }

  function succeed(controller: AbortController, index: number, value: O): void {
    running.delete(controller);
    results[index] = value;
    pump();
  }

  function fail(controller: AbortController, index: number, error: unknown): void {
    running.delete(controller);
    if (mode === 'fail-fast') {
      stop(error, cancellation(`Cancelled because sibling task ${index} failed.`, error));
    } else {
      failures ??= [];
      failures.push({ index, error });
    }
    pump();
  }

  function finishIfDone(): void {
    if (finished || pumping || !draining || running.size > 0) return;
    finished = true;
    outer?.removeEventListener('abort', onAbort);
    if (verdict !== undefined) reject(verdict.error);
    else if (failures !== undefined) reject(collectFailures(results, nextIndex, failures));
    else resolve(results);
  }

  pump();
  return promise;
}

function collectFailures<O>(results: O[], count: number, failures: TaskFailure[]): ParallelFailed<O> {
  failures.sort((left, right) => left.index - right.index);
  const settled: PromiseSettledResult<O>[] = new Array(count);
  for (let index = 0; index < count; index++) {
    settled[index] = { status: 'fulfilled', value: results[index]! };
  }
  for (const { index, error } of failures) settled[index] = { status: 'rejected', reason: error };
  return new ParallelFailed(failures, settled);
}

function isThenable<T>(value: Promise<T> | T): value is Promise<T> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function cancellation(message: string, cause: unknown): DOMException {
  const reason = new DOMException(message, 'AbortError');
  // `cause` tells a cancelled task (and its logs) which failure stopped it. The typed constructor has no
  // options bag, so it is set as the runtime's own constructor would set it: own, non-enumerable.
  Object.defineProperty(reason, 'cause', { value: cause, configurable: true, writable: true });
  return reason;
}
