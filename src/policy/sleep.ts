import type { Clock } from '../spec/clock.ts';

/**
 * Waits `ms` on `clock`; rejects with `signal.reason` as soon as `signal` aborts, clearing the timer.
 *
 * @example
 * await sleep(clock, retryAfterMs, signal);
 */
export function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clock.clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
