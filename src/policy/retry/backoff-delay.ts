/** How a delay grows with the attempt number. */
export type BackoffCurve = 'exponential' | 'linear' | 'constant' | 'fibonacci';

/** The shape of a backoff: shared by retries and by supervisors' restarts. Durations in milliseconds. */
export interface BackoffShape {
  readonly type: BackoffCurve;
  readonly initialMs: number;
  readonly maxMs: number;
  /** Growth factor of `exponential`; default 2. */
  readonly multiplier?: number;
  /** Random spread as a fraction of the delay, 0..1: 0.2 gives delay × [0.8, 1.2]. Default 0. */
  readonly jitter?: number;
}

/**
 * The delay in milliseconds before attempt number `attempt` + 1, i.e. after failure number `attempt`
 * (1 = the first): `exponential` grows as initial × multiplier^(attempt − 1), `linear` as initial ×
 * attempt, `fibonacci` as initial × 1, 1, 2, 3, 5, 8 …, `constant` stays at initial. The delay is capped
 * at `maxMs`, then spread by `jitter` using `random()` (a number in [0, 1), as `Math.random` gives) and
 * clamped again to [0, maxMs], so the cap holds even with jitter. The result is a whole number of
 * milliseconds. An `attempt` below 1 counts as 1.
 *
 * @example
 * const options = { type: 'exponential', initialMs: 1_000, maxMs: 30_000 } as const;
 * backoffDelay(options, 1, Math.random); // 1000
 * backoffDelay(options, 4, Math.random); // 8000
 * backoffDelay(options, 9, Math.random); // 30000, the cap
 * backoffDelay({ ...options, type: 'fibonacci' }, 5, Math.random); // 5000
 * backoffDelay({ ...options, jitter: 0.2 }, 1, () => 0); // 800
 */
export function backoffDelay(options: BackoffShape, attempt: number, random: () => number): number {
  const step = Math.max(1, Math.floor(attempt));
  const capped = Math.min(baseDelay(options, step), options.maxMs);
  const jitter = options.jitter ?? 0;
  const spread = jitter === 0 ? capped : capped * (1 + jitter * (2 * random() - 1));
  return Math.min(options.maxMs, Math.max(0, Math.round(spread)));
}

function baseDelay(options: BackoffShape, attempt: number): number {
  // 0 × Infinity would be NaN once the exponential term overflows.
  if (options.initialMs <= 0) return 0;
  switch (options.type) {
    case 'exponential':
      // Overflows to Infinity for large attempts, which the cap turns back into maxMs.
      return options.initialMs * (options.multiplier ?? 2) ** (attempt - 1);
    case 'linear':
      return options.initialMs * attempt;
    case 'fibonacci':
      return options.initialMs * fibonacci(attempt);
    case 'constant':
      return options.initialMs;
  }
}

/** 1, 1, 2, 3, 5 … for n = 1, 2, 3 …; Infinity past what a double holds, which the cap absorbs. */
function fibonacci(n: number): number {
  let previous = 0;
  let current = 1;
  for (let index = 1; index < n && Number.isFinite(current); index++)
    [previous, current] = [current, previous + current];
  return current;
}
