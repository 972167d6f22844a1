import type { Clock, TimerHandle } from '../spec/clock.ts';

/** A signal that aborts when its parent does or when its own time is up, whichever comes first. */
export interface TimedSignal {
  readonly signal: AbortSignal;
  /** Whether it was the time limit (not the parent) that aborted it. */
  readonly timedOut: boolean;
  /** Clears the timer and detaches from the parent. Call it once the work ends. */
  dispose(): void;
}

/**
 * Derives a signal from `parent` that also aborts after `ms` on `clock`; without `ms` it is `parent`
 * itself and costs nothing. Through this, per-attempt and per-call timeouts reach the provider's
 * `fetch` as an ordinary abort.
 *
 * @example
 * const attempt = timedSignal(callSignal, 30_000, clock);
 * try { await model.doGenerate({ ...options, abortSignal: attempt.signal }); }
 * finally { attempt.dispose(); }
 */
export function timedSignal(parent: AbortSignal, ms: number | undefined, clock: Clock): TimedSignal {
  if (ms === undefined) return { signal: parent, timedOut: false, dispose: () => {} };
  const controller = new AbortController();
  let timedOut = false;
  let timer: TimerHandle | undefined;
  const onAbort = () => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else {
    parent.addEventListener('abort', onAbort, { once: true });
    timer = clock.setTimeout(() => {
      timer = undefined;
      timedOut = true;
      const reason = new DOMException(`The operation timed out after ${ms} ms.`, 'TimeoutError');
      controller.abort(reason);
    }, ms);
  }
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    dispose() {
      parent.removeEventListener('abort', onAbort);
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
    },
  };
}
