/** An opaque handle of a timer set through a {@link Clock}. */
export type TimerHandle = object | number;

/**
 * Time, injected so tests and replays control it: the current time and one-shot timers. Everything in
 * Vega that waits (receive and call timeouts, restart backoff, shutdown deadlines) waits through it.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` once after `delayMs`. */
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  /** Cancels a timer; a handle that already fired or was cleared is ignored. */
  clearTimeout(handle: TimerHandle): void;
}

/** The wall clock and Node's timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
