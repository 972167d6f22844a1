import type { LimitReading } from './rate-limiter.ts';
import { TokenBucket } from './token-bucket.ts';

const MINUTE_MS = 60_000;

/**
 * A full bucket for `perMinute` units a minute: capacity `perMinute`, refilled continuously at
 * `perMinute / 60 000` per millisecond, so a burst of a whole minute's worth is allowed and then the
 * steady rate.
 *
 * @example
 * perMinuteBucket(600, clock.now()).timeUntil(1, clock.now()); // 0
 */
export function perMinuteBucket(perMinute: number, now: number): TokenBucket {
  return new TokenBucket({ capacity: perMinute, refillPerMs: perMinute / MINUTE_MS, now });
}

/**
 * Applies a provider's reading of one limit to the learned bucket of that dimension: a `limit` sets the
 * capacity and the rate (`limit` per minute) of the bucket, creating it full if there is none. Returns
 * the bucket, new or the same. `remaining` is applied separately (it concerns every bucket of the
 * dimension); `resetMs` is not used, since the rate follows from the limit.
 *
 * @example
 * learned = learnBucket({ limit: 4_000, remaining: 3_999 }, learned, now);
 */
export function learnBucket(
  reading: LimitReading | undefined,
  current: TokenBucket | undefined,
  now: number,
): TokenBucket | undefined {
  const limit = reading?.limit;
  if (limit === undefined || !(limit > 0 && limit < Number.POSITIVE_INFINITY)) return current;
  if (current === undefined) return perMinuteBucket(limit, now);
  if (current.capacity !== limit) {
    current.setRate(limit / MINUTE_MS, now);
    current.setCapacity(limit, now);
  }
  return current;
}
