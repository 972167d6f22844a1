import { backoffDelay } from '../../policy/retry/backoff-delay.ts';
import type { BackoffOptions } from './supervision-types.ts';

/** Options of {@link RestartBackoff}. */
export interface RestartBackoffOptions {
  /**
   * How long a child must run to start again from the first delay when the backoff has no
   * `resetAfterMs` of its own: give the supervisor's intensity window.
   */
  readonly defaultResetAfterMs: number;
  /** Source of jitter, in [0, 1); default `Math.random`. */
  readonly random?: () => number;
}

/**
 * The restart delays of one child. Call {@link RestartBackoff.next} once per failure: it counts the
 * restart and returns how long to wait before it. When the child ran at least `resetAfterMs` since it
 * was last started, its count starts again from 1, so a child that fails once a day always gets the
 * first delay. Without backoff options every delay is 0.
 *
 * How long the child ran is measured from its start, not from its previous failure: the delay itself
 * is not running time, and counting it would reset the count whenever the delay grows past
 * `resetAfterMs` (which defaults to the intensity window, often shorter than the cap).
 *
 * @example
 * const backoff = new RestartBackoff(policy.backoff, { defaultResetAfterMs: policy.intensity.windowMs });
 * // in the supervisor, when a child fails:
 * const delay = backoff.next(clock.now(), child.startedAt);
 */
export class RestartBackoff {
  readonly #options: BackoffOptions | undefined;
  readonly #resetAfterMs: number;
  readonly #random: () => number;
  #attempts = 0;
  /** When the child started after the previous restart, if it kept to its delay. */
  #scheduledStart: number | undefined;

  constructor(options: BackoffOptions | undefined, settings: RestartBackoffOptions) {
    this.#options = options;
    this.#resetAfterMs = options?.resetAfterMs ?? settings.defaultResetAfterMs;
    this.#random = settings.random ?? Math.random;
  }

  /** Restarts counted since the last reset, including the one the last `next` returned a delay for. */
  get attempts(): number {
    return this.#attempts;
  }

  /**
   * Counts a failure at `now` and returns the delay before restarting. `lastStartedAt` is when the
   * child last started; without it the child is taken to have started when its previous delay ended
   * (and, on the first failure, to have just started).
   */
  next(now: number, lastStartedAt?: number): number {
    const startedAt = lastStartedAt ?? this.#scheduledStart;
    if (startedAt !== undefined && now - startedAt >= this.#resetAfterMs) this.#attempts = 0;
    this.#attempts += 1;
    const delay = this.#options === undefined ? 0 : backoffDelay(this.#options, this.#attempts, this.#random);
    this.#scheduledStart = now + delay;
    return delay;
  }

  /** Starts again from the first delay, as when the supervisor itself is restarted. */
  reset(): void {
    this.#attempts = 0;
    this.#scheduledStart = undefined;
  }
}
