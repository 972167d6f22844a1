import type { RateLimitOptions } from '../policy-options.ts';
import type { CheckedRateLimits } from './check-rate-limit-options.ts';
import { learnBucket, perMinuteBucket } from './per-minute-bucket.ts';
import type { LimitReading, RateLimitObservation } from './rate-limiter.ts';
import type { TokenBucket } from './token-bucket.ts';
import { totalTokenReading } from './total-token-reading.ts';

/** The tokens a permit holds in one bucket. */
export interface TokenHold {
  readonly bucket: TokenBucket;
  readonly handle: number;
}

/** Limits learned from a provider; `undefined` where nothing was learned. */
export interface LearnedLimits {
  readonly requestsPerMinute: number | undefined;
  readonly tokensPerMinute: number | undefined;
}

/**
 * The buckets of one limiter (declared and learned, for requests and for tokens) and its pause: what
 * they let through and when. It knows nothing of who waits. A caller takes one request and its tokens
 * from every bucket, so when a declared and a learned limit differ the stricter one decides.
 *
 * @example
 * const buckets = new LimiterBuckets(checkRateLimitOptions({ tokensPerMinute: 600 }, 'k'), clock.now());
 * if (buckets.waitFor(100, clock.now()) === 0) holds = buckets.take(100, clock.now());
 */
export class LimiterBuckets {
  readonly #declared: CheckedRateLimits;
  #requests: readonly TokenBucket[];
  #tokens: readonly TokenBucket[];
  #learnedRequests: TokenBucket | undefined;
  #learnedTokens: TokenBucket | undefined;
  #pausedUntil = Number.NEGATIVE_INFINITY;
  #unreconciled = 0;

  constructor(declared: CheckedRateLimits, now: number) {
    this.#declared = declared;
    const { requestsPerMinute, tokensPerMinute } = declared;
    this.#requests = requestsPerMinute === undefined ? [] : [perMinuteBucket(requestsPerMinute, now)];
    this.#tokens = tokensPerMinute === undefined ? [] : [perMinuteBucket(tokensPerMinute, now)];
  }

  /** Whether there is any bucket; without one only a pause holds callers back. */
  get limited(): boolean {
    return this.#requests.length > 0 || this.#tokens.length > 0;
  }

  /** Nothing goes before this time; `-Infinity` when there is no pause. */
  get pausedUntil(): number {
    return this.#pausedUntil;
  }

  /** Extends the pause to `until`; false when it already lasts that long. */
  pauseUntil(until: number): boolean {
    if (!(until > this.#pausedUntil)) return false;
    this.#pausedUntil = until;
    return true;
  }

  /** Forgets a pause that is over, so the fast path need not look at the clock again. */
  endPauseIfOver(now: number): boolean {
    if (now < this.#pausedUntil) return false;
    this.#pausedUntil = Number.NEGATIVE_INFINITY;
    return true;
  }

  /** Milliseconds from `now` until one request and `tokens` tokens can be taken; 0 when now. */
  waitFor(tokens: number, now: number): number {
    let wait = this.#pausedUntil > now ? this.#pausedUntil - now : 0;
    for (const bucket of this.#requests) wait = Math.max(wait, bucket.timeUntil(1, now));
    for (const bucket of this.#tokens) wait = Math.max(wait, bucket.timeUntil(tokens, now));
    return wait;
  }

  /**
   * A lower bound on the wait of a caller needing `tokens` behind `ahead` callers that will surely go
   * first: refill without the capacity, and every unreconciled estimate given back.
   */
  certainWait(ahead: { requests: number; tokens: number }, tokens: number, now: number): number {
    let wait = this.#pausedUntil > now ? this.#pausedUntil - now : 0;
    for (const bucket of this.#requests) {
      wait = Math.max(wait, bucket.timeUntilLevel(ahead.requests + Math.min(1, bucket.capacity), now));
    }
    for (const bucket of this.#tokens) {
      const target = ahead.tokens + Math.min(tokens, bucket.capacity) - this.#unreconciled;
      wait = Math.max(wait, bucket.timeUntilLevel(target, now));
    }
    return wait;
  }

  /** Takes one request and reserves `tokens` in every bucket; returns the holds to settle. */
  take(tokens: number, now: number): readonly TokenHold[] {
    for (const bucket of this.#requests) bucket.take(1, now);
    if (tokens === 0 || this.#tokens.length === 0) return [];
    const holds = this.#tokens.map((bucket) => ({ bucket, handle: bucket.reserve(tokens, now) }));
    this.#unreconciled += tokens;
    return holds;
  }

  /**
   * Corrects holds of `estimate` tokens to the `actual` tokens used: what was not used is given back
   * (see {@link TokenBucket.refund}), what was used beyond the estimate is taken now.
   */
  settle(holds: readonly TokenHold[], estimate: number, actual: number, now: number): void {
    if (holds.length === 0) return;
    this.#unreconciled -= estimate;
    for (const { bucket, handle } of holds) {
      bucket.refund(handle, Math.max(0, estimate - actual), now);
      if (actual > estimate) bucket.take(actual - estimate, now);
    }
  }

  /**
   * Adopts a provider's limits: a reading's limit sets (or creates) the learned bucket of its dimension.
   * Returns the learned limits when they changed. `remaining` is applied by {@link syncRemaining}.
   */
  learn(observation: RateLimitObservation, now: number): LearnedLimits | undefined {
    const before = this.learned();
    const requests = learnBucket(observation.requests, this.#learnedRequests, now);
    if (requests !== undefined && requests !== this.#learnedRequests) {
      this.#learnedRequests = requests;
      this.#requests = [...this.#requests, requests];
    }
    const tokenReading = totalTokenReading(observation);
    const tokens = learnBucket(tokenReading, this.#learnedTokens, now);
    if (tokens !== undefined && tokens !== this.#learnedTokens) {
      this.#learnedTokens = tokens;
      this.#tokens = [...this.#tokens, tokens];
    }
    const after = this.learned();
    const changed =
      after.requestsPerMinute !== before.requestsPerMinute ||
      after.tokensPerMinute !== before.tokensPerMinute;
    return changed ? after : undefined;
  }

  /**
   * Lowers every bucket to what the provider says remains, learning or not: it can only lower a level,
   * and it corrects a limiter that runs ahead of the provider (its buckets started refilling before the
   * provider counted the first request, or other clients share the key).
   */
  syncRemaining(observation: RateLimitObservation, now: number): void {
    syncDown(observation.requests, this.#requests, now);
    syncDown(totalTokenReading(observation), this.#tokens, now);
  }

  learned(): LearnedLimits {
    return {
      requestsPerMinute: this.#learnedRequests?.capacity,
      tokensPerMinute: this.#learnedTokens?.capacity,
    };
  }

  /** The limits in force: for each dimension the stricter of declared and learned. */
  limits(): Pick<RateLimitOptions, 'requestsPerMinute' | 'tokensPerMinute'> {
    const requestsPerMinute = stricter(this.#declared.requestsPerMinute, this.#learnedRequests?.capacity);
    const tokensPerMinute = stricter(this.#declared.tokensPerMinute, this.#learnedTokens?.capacity);
    return {
      ...(requestsPerMinute === undefined ? {} : { requestsPerMinute }),
      ...(tokensPerMinute === undefined ? {} : { tokensPerMinute }),
    };
  }
}

/**
 * Lowers every bucket to the provider's `remaining`. The provider has not counted calls still in flight
 * (we have), so the truth may be lower still; that is not knowable, and taking the plain minimum never
 * raises a level.
 */
function syncDown(reading: LimitReading | undefined, buckets: readonly TokenBucket[], now: number): void {
  const remaining = reading?.remaining;
  if (remaining === undefined || !(remaining >= 0 && remaining < Number.POSITIVE_INFINITY)) return;
  for (const bucket of buckets) bucket.syncDown(remaining, now);
}

function stricter(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
