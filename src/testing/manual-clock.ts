import type { Clock } from '../spec/clock.ts';

/** A clock that moves only when told to. */
export interface ManualClock extends Clock {
  /** Moves time forward by `milliseconds`. */
  advance(milliseconds: number): void;
  /** Sets the time to `epochMilliseconds`. */
  set(epochMilliseconds: number): void;
}

/**
 * A clock for tests: time stands still until the test moves it, so nothing depends on real waiting.
 *
 * @example
 * const clock = manualClock(Date.UTC(2026, 0, 1));
 * clock.advance(30_000);
 */
export function manualClock(start = 0): ManualClock {
  let now = start;
  return {
    now: () => now,
    advance(milliseconds) {
      if (milliseconds < 0) throw new RangeError('A manual clock only moves forward.');
      now += milliseconds;
    },
    set(epochMilliseconds) {
      now = epochMilliseconds;
    },
  };
}
