const MINUTE_MS = 60_000;
/** Refill arithmetic in floating point may land a hair under a whole number; this keeps 2.9999999 at 3. */
const ROUNDING_SLACK = 1e-9;

/** What a bucket reports in rate-limit headers. */
export interface BucketState {
  /** The capacity: the per-minute limit. */
  readonly limit: number;
  /** Whole units left now, rounded down. */
  readonly remaining: number;
  /** Milliseconds until the bucket is full again; 0 when it is full. */
  readonly fullInMs: number;
}

/**
 * A token bucket with continuous refill, the model Anthropic documents for its rate limits: it holds at
 * most `perMinute` units, starts full, and refills at `perMinute` units per minute, continuously. Time is
 * passed in, so a manual clock drives it.
 *
 * @example
 * const bucket = new TokenBucket(60, clock.now()); // one unit per second
 * bucket.take(60, clock.now());
 * bucket.waitMs(1, clock.now()); // 1000
 */
export class TokenBucket {
  readonly limit: number;
  #level: number;
  #updatedAt: number;

  constructor(perMinute: number, now: number) {
    if (!Number.isFinite(perMinute) || perMinute <= 0) {
      throw new RangeError(`A rate limit must be a positive number per minute, not ${perMinute}.`);
    }
    this.limit = perMinute;
    this.#level = perMinute;
    this.#updatedAt = now;
  }

  /** Milliseconds until `cost` units are available; 0 when they are now. */
  waitMs(cost: number, now: number): number {
    const missing = cost - this.#refill(now);
    return missing <= ROUNDING_SLACK ? 0 : (missing * MINUTE_MS) / this.limit;
  }

  /** Takes `cost` units; the caller checks {@link waitMs} first. */
  take(cost: number, now: number): void {
    this.#level = Math.max(0, this.#refill(now) - cost);
  }

  state(now: number): BucketState {
    const level = this.#refill(now);
    return {
      limit: this.limit,
      remaining: Math.floor(level + ROUNDING_SLACK),
      fullInMs: this.limit - level <= ROUNDING_SLACK ? 0 : ((this.limit - level) * MINUTE_MS) / this.limit,
    };
  }

  #refill(now: number): number {
    // A clock set backwards refills nothing rather than draining the bucket.
    const elapsed = Math.max(0, now - this.#updatedAt);
    this.#level = Math.min(this.limit, this.#level + (elapsed * this.limit) / MINUTE_MS);
    this.#updatedAt = Math.max(now, this.#updatedAt);
    return this.#level;
  }
}
