import type { RateLimitOptions } from '../policy-options.ts';

/** Declared limits, checked: `undefined` means no limit on that dimension. */
export interface CheckedRateLimits {
  readonly requestsPerMinute: number | undefined;
  readonly tokensPerMinute: number | undefined;
  /** `Infinity` when unbounded. */
  readonly maxWaitMs: number;
}

/**
 * Checks a limiter's options; throws a TypeError for a rate ≤ 0 or a negative wait. `Infinity` as a
 * rate means no limit (so a per-model entry can lift a default).
 */
export function checkRateLimitOptions(options: RateLimitOptions, key: string): CheckedRateLimits {
  return {
    requestsPerMinute: checkRate(options.requestsPerMinute, 'requestsPerMinute', key),
    tokensPerMinute: checkRate(options.tokensPerMinute, 'tokensPerMinute', key),
    maxWaitMs: checkMaxWait(options.maxWaitMs, key) ?? Number.POSITIVE_INFINITY,
  };
}

/** Checks a `maxWaitMs`: absent, or a number ≥ 0 (`Infinity` allowed). */
function checkMaxWait(maxWaitMs: number | undefined, key: string): number | undefined {
  if (maxWaitMs === undefined) return undefined;
  if (typeof maxWaitMs !== 'number' || !(maxWaitMs >= 0)) {
    throw new TypeError(`Rate limit '${key}': maxWaitMs must be a number ≥ 0; got ${String(maxWaitMs)}.`);
  }
  return maxWaitMs;
}

function checkRate(rate: number | undefined, name: string, key: string): number | undefined {
  if (rate === undefined || rate === Number.POSITIVE_INFINITY) return undefined;
  if (typeof rate !== 'number' || !(rate > 0 && rate < Number.POSITIVE_INFINITY)) {
    throw new TypeError(`Rate limit '${key}': ${name} must be a number > 0; got ${String(rate)}.`);
  }
  return rate;
}
