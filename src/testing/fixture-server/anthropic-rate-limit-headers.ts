import type { RateLimitState } from './rate-limiter.ts';
import type { BucketState } from './token-bucket.ts';

/**
 * Anthropic's rate-limit headers for the limits that are set: `anthropic-ratelimit-requests-limit`,
 * `-remaining` and `-reset` (an RFC 3339 time, to the second, when the bucket is full again), and the same
 * for `tokens`, `input-tokens` and `output-tokens`. The fixture has one combined token bucket, so the
 * three token header groups carry the same figures.
 *
 * @example
 * anthropicRateLimitHeaders({ requests: { limit: 50, remaining: 49, fullInMs: 1_200 } }, Date.UTC(2026, 0, 1));
 * // { 'anthropic-ratelimit-requests-limit': '50', 'anthropic-ratelimit-requests-remaining': '49',
 * //   'anthropic-ratelimit-requests-reset': '2026-01-01T00:00:02Z' }
 */
export function anthropicRateLimitHeaders(state: RateLimitState, now: number): Record<string, string> {
  const tokens = state.tokens;
  return {
    ...(state.requests === undefined ? {} : bucketHeaders('requests', state.requests, now)),
    ...(tokens === undefined
      ? {}
      : {
          ...bucketHeaders('tokens', tokens, now),
          ...bucketHeaders('input-tokens', tokens, now),
          ...bucketHeaders('output-tokens', tokens, now),
        }),
  };
}

function bucketHeaders(unit: string, bucket: BucketState, now: number): Record<string, string> {
  return {
    [`anthropic-ratelimit-${unit}-limit`]: String(bucket.limit),
    [`anthropic-ratelimit-${unit}-remaining`]: String(bucket.remaining),
    [`anthropic-ratelimit-${unit}-reset`]: rfc3339(now + bucket.fullInMs),
  };
}

/** Rounded up to the second, so the bucket is full by the time written; without fractions, as the API does. */
function rfc3339(epochMilliseconds: number): string {
  return new Date(Math.ceil(epochMilliseconds / 1_000) * 1_000).toISOString().replace('.000Z', 'Z');
}
