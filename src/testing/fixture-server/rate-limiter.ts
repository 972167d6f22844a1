import { type BucketState, TokenBucket } from './token-bucket.ts';

/**
 * Rate limits the fixture server enforces, each a token bucket whose capacity is the per-minute figure.
 * A model request costs 1 request and the `usage.input + usage.output` tokens of its reply. There is one
 * combined token bucket: Anthropic's separate input and output token headers all report it.
 *
 * @example
 * await startFixtureServer({ limits: { requestsPerMinute: 50, tokensPerMinute: 40_000 } });
 */
export interface RateLimits {
  readonly requestsPerMinute?: number;
  readonly tokensPerMinute?: number;
}

/** The buckets that exist (the limits that are set), as rate-limit headers report them. */
export interface RateLimitState {
  readonly requests?: BucketState;
  readonly tokens?: BucketState;
}

/** Why a request was refused, with what a provider's 429 says about it. */
export interface RateLimitRefusal {
  /** The limit that ran out; `requests` when both did. */
  readonly exceeded: 'requests' | 'tokens';
  /** The refused request's cost in units of the exceeded limit. */
  readonly requested: number;
  /** The exceeded bucket's figures. */
  readonly bucket: BucketState;
  /** Milliseconds until every bucket holds enough for this request. */
  readonly retryAfterMs: number;
}

export type RateLimitDecision =
  | { readonly accepted: true; readonly state: RateLimitState }
  | { readonly accepted: false; readonly state: RateLimitState; readonly refusal: RateLimitRefusal };

/**
 * Charges model requests against the configured buckets: all of them or none. Without limits it accepts
 * everything and reports no state.
 *
 * @example
 * const limiter = new RateLimiter({ requestsPerMinute: 2 }, clock.now());
 * limiter.charge(100, clock.now()).accepted; // true
 */
export class RateLimiter {
  readonly #requests: TokenBucket | undefined;
  readonly #tokens: TokenBucket | undefined;

  constructor(limits: RateLimits | undefined, now: number) {
    this.#requests = bucketFor(limits?.requestsPerMinute, now);
    this.#tokens = bucketFor(limits?.tokensPerMinute, now);
  }

  /** Whether any limit is set, so rate-limit headers are due. */
  get active(): boolean {
    return this.#requests !== undefined || this.#tokens !== undefined;
  }

  /** Takes 1 request and `tokens` tokens when every bucket has them; refuses and takes nothing otherwise. */
  charge(tokens: number, now: number): RateLimitDecision {
    const requestWait = this.#requests?.waitMs(1, now) ?? 0;
    const tokenWait = this.#tokens?.waitMs(tokens, now) ?? 0;
    if (requestWait === 0 && tokenWait === 0) {
      this.#requests?.take(1, now);
      this.#tokens?.take(tokens, now);
      return { accepted: true, state: this.state(now) };
    }
    const state = this.state(now);
    const exceeded = requestWait > 0 ? 'requests' : 'tokens';
    const bucket = exceeded === 'requests' ? state.requests : state.tokens;
    return {
      accepted: false,
      state,
      refusal: {
        exceeded,
        requested: exceeded === 'requests' ? 1 : tokens,
        // Present: its wait is above 0, so the bucket exists.
        bucket: bucket!,
        retryAfterMs: Math.max(requestWait, tokenWait),
      },
    };
  }

  state(now: number): RateLimitState {
    return {
      ...(this.#requests === undefined ? {} : { requests: this.#requests.state(now) }),
      ...(this.#tokens === undefined ? {} : { tokens: this.#tokens.state(now) }),
    };
  }
}

function bucketFor(perMinute: number | undefined, now: number): TokenBucket | undefined {
  return perMinute === undefined ? undefined : new TokenBucket(perMinute, now);
}

/**
 * The `retry-after` header value of a refusal: whole seconds, rounded up, at least 1.
 *
 * @example
 * retryAfterSeconds(1_200); // 2
 */
export function retryAfterSeconds(milliseconds: number): number {
  return Math.max(1, Math.ceil(milliseconds / 1_000));
}
