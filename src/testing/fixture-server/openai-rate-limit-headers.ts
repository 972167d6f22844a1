import { formatOpenAIDuration } from './openai-duration.ts';
import type { RateLimitState } from './rate-limiter.ts';
import type { BucketState } from './token-bucket.ts';

/**
 * OpenAI's rate-limit headers (Chat Completions and Responses alike) for the limits that are set:
 * `x-ratelimit-limit-requests`, `x-ratelimit-remaining-requests`, `x-ratelimit-reset-requests` (the time
 * until the bucket is full again, e.g. `6m0s`), and the same three for `-tokens`.
 *
 * @example
 * openaiRateLimitHeaders({ requests: { limit: 60, remaining: 59, fullInMs: 1_000 } });
 * // { 'x-ratelimit-limit-requests': '60', 'x-ratelimit-remaining-requests': '59',
 * //   'x-ratelimit-reset-requests': '1s' }
 */
export function openaiRateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    ...(state.requests === undefined ? {} : bucketHeaders('requests', state.requests)),
    ...(state.tokens === undefined ? {} : bucketHeaders('tokens', state.tokens)),
  };
}

function bucketHeaders(unit: string, bucket: BucketState): Record<string, string> {
  return {
    [`x-ratelimit-limit-${unit}`]: String(bucket.limit),
    [`x-ratelimit-remaining-${unit}`]: String(bucket.remaining),
    [`x-ratelimit-reset-${unit}`]: formatOpenAIDuration(bucket.fullInMs),
  };
}
