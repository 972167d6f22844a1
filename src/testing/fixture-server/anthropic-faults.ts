import { anthropicRateLimitHeaders } from './anthropic-rate-limit-headers.ts';
import type { ProviderFaults } from './provider-faults.ts';
import { retryAfterSeconds } from './rate-limiter.ts';

const UNIT_NAMES = { requests: 'requests', tokens: 'tokens' } as const;

/**
 * Anthropic's rate limits and failures: a 429 `rate_limit_error` with `retry-after`, a 529
 * `overloaded_error`, a 500 `api_error`.
 *
 * @example
 * anthropicFaults.overloadedError(); // { status: 529, message: 'Overloaded' }
 */
export const anthropicFaults: ProviderFaults = {
  rateLimitHeaders: anthropicRateLimitHeaders,
  rateLimitError(refusal) {
    const seconds = retryAfterSeconds(refusal.retryAfterMs);
    return {
      status: 429,
      type: 'rate_limit_error',
      message:
        `Fixture server: this request would exceed the rate limit of ${refusal.bucket.limit} ` +
        `${UNIT_NAMES[refusal.exceeded]} per minute (${refusal.requested} requested, ` +
        `${refusal.bucket.remaining} remaining). The anthropic-ratelimit-* response headers show current usage; ` +
        `retry after ${seconds} s.`,
      headers: { 'retry-after': String(seconds) },
    };
  },
  overloadedError: () => ({ status: 529, type: 'overloaded_error', message: 'Overloaded' }),
  serverError: () => ({ status: 500, type: 'api_error', message: 'Internal server error' }),
};
