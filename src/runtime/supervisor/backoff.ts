import type { BackoffOptions } from './supervision-types.ts';

/**
 * The delay in milliseconds before restart number `attempt` (1 = the first restart): `exponential`
 * grows as initial × multiplier^(attempt − 1), `linear` as initial × attempt, `constant` stays at
 * initial. The delay is capped at `maxMs`, then spread by `jitter` using `random()` (a number in
 * [0, 1), as `Math.random` gives) and clamped again to [0, maxMs], so the cap holds even with jitter.
 * The result is a whole number of milliseconds. An `attempt` below 1 counts as 1.
 *
 * @example
 * const options = { type: 'exponential', initialMs: 1_000, maxMs: 30_000 } as const;
 * backoffDelay(options, 1, Math.random); // 1000
 * backoffDelay(options, 4, Math.random); // 8000
 * backoffDelay(options, 9, Math.random); // 30000, the cap
 * backoffDelay({ ...options, jitter: 0.2 }, 1, () => 0); // 800
 */
export function backoffDelay(options: BackoffOptions, attempt: number, random: () => number): number {
  const step = Math.max(1, Math.floor(attempt));
  const capped = Math.min(baseDelay(options, step), options.maxMs);
  const jitter = options.jitter ?? 0;
  const spread = jitter === 0 ? capped : capped * (1 + jitter * (2 * random() - 1));
  return Math.min(options.maxMs, Math.max(0, Math.round(spread)));
}

function baseDelay(options: BackoffOptions, attempt: number): number {
  // 0 × Infinity would be NaN once the exponential term overflows.
  if (options.initialMs <= 0) return 0;
  switch (options.type) {
    case 'exponential':
      // Overflows to Infinity for large attempts, which the cap turns back into maxMs.
      return options.initialMs * (options.multiplier ?? 2) ** (attempt - 1);
    case 'linear':
      return options.initialMs * attempt;
    case 'constant':
      return options.initialMs;
  }
}

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
