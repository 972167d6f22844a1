/**
 * Waits `milliseconds` on a real timer, or less when `signal` aborts first; the timer and the listener
 * are always cleared. Never rejects: the caller checks `signal.aborted`.
 *
 * @example
 * await wait(20, requestSignal);
 * if (requestSignal.aborted) return;
 */
export function wait(milliseconds: number, signal: AbortSignal): Promise<void> {
  if (milliseconds <= 0 || signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, milliseconds);
    signal.addEventListener('abort', done, { once: true });
  });
}
