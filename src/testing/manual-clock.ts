import type { Clock, TimerHandle } from '../spec/clock.ts';

/** A clock that moves only when told to. */
export interface ManualClock extends Clock {
  /** Moves time forward by `milliseconds`, firing due timers in order, each at its own time. */
  advance(milliseconds: number): void;
  /**
   * Like {@link advance}, but lets promise callbacks run after each timer fires, so code that awaits
   * between timers (a restart after a backoff, say) sees time move the way it would for real.
   */
  tick(milliseconds: number): Promise<void>;
  /** Fires timers until none is left, `limit` at most; returns how many fired. */
  runAll(limit?: number): Promise<number>;
  /** Sets the time to `epochMilliseconds` without firing timers. */
  set(epochMilliseconds: number): void;
  /** Timers set and not yet fired or cleared. */
  pendingTimers(): number;
}

interface ManualTimer {
  readonly due: number;
  readonly sequence: number;
  readonly callback: () => void;
}

/** Lets every callback already queued on promises run; setImmediate comes after the microtask queue. */
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A clock for tests: time stands still until the test moves it, so nothing depends on real waiting.
 * Timers set through it fire when the test advances time past them.
 *
 * @example
 * const clock = manualClock(Date.UTC(2026, 0, 1));
 * clock.setTimeout(() => console.log('later'), 1_000);
 * await clock.tick(1_000); // prints 'later'
 */
export function manualClock(start = 0): ManualClock {
  let now = start;
  let sequence = 0;
  const timers = new Set<ManualTimer>();

  const nextDue = (until: number): ManualTimer | undefined => {
    let next: ManualTimer | undefined;
    for (const timer of timers) {
      if (timer.due > until) continue;
      if (
        next === undefined ||
        timer.due < next.due ||
        (timer.due === next.due && timer.sequence < next.sequence)
      ) {
        next = timer;
      }
    }
    return next;
  };

  const fire = (timer: ManualTimer): void => {
    timers.delete(timer);
    if (timer.due > now) now = timer.due;
    timer.callback();
  };

  const checkForward = (milliseconds: number): void => {
    if (milliseconds < 0 || Number.isNaN(milliseconds))
      throw new RangeError('A manual clock only moves forward.');
  };

  return {
    now: () => now,
    setTimeout(callback, delayMs) {
      const timer: ManualTimer = { due: now + Math.max(0, delayMs), sequence: sequence++, callback };
      timers.add(timer);
      return timer;
    },
    clearTimeout(handle: TimerHandle) {
      timers.delete(handle as ManualTimer);
    },
    advance(milliseconds) {
      checkForward(milliseconds);
      const target = now + milliseconds;
      for (let timer = nextDue(target); timer !== undefined; timer = nextDue(target)) fire(timer);
      now = target;
    },
    async tick(milliseconds) {
      checkForward(milliseconds);
      const target = now + milliseconds;
      await flush();
      for (let timer = nextDue(target); timer !== undefined; timer = nextDue(target)) {
        fire(timer);
        await flush();
      }
      now = target;
      await flush();
    },
    async runAll(limit = 10_000) {
      let fired = 0;
      await flush();
      for (let timer = nextDue(Number.POSITIVE_INFINITY); timer !== undefined && fired < limit; ) {
        fire(timer);
        fired++;
        await flush();
        timer = nextDue(Number.POSITIVE_INFINITY);
      }
      return fired;
    },
    set(epochMilliseconds) {
      now = epochMilliseconds;
    },
    pendingTimers: () => timers.size,
  };
}
