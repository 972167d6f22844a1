import { formatOpenAIDuration } from './openai-duration.ts';
import { openaiRateLimitHeaders } from './openai-rate-limit-headers.ts';
import type { ProviderFaults } from './provider-faults.ts';
import { retryAfterSeconds } from './rate-limiter.ts';

const UNIT_NAMES = { requests: 'requests per min (RPM)', tokens: 'tokens per min (TPM)' } as const;

/**
 * OpenAI's rate limits and failures (Chat Completions and Responses alike): a 429 with type `requests` or
 * `tokens` and code `rate_limit_exceeded` plus `retry-after`, a 503 when overloaded, a 500
 * `server_error`. OpenAI sends no `retry-after-ms` (Azure OpenAI does), so neither does the fixture.
 *
 * @example
 * openaiFaults.overloadedError().status; // 503
 */
export const openaiFaults: ProviderFaults = {
  rateLimitHeaders: (state) => openaiRateLimitHeaders(state),
  rateLimitError(refusal, model) {
    const { bucket } = refusal;
    return {
      status: 429,
      type: refusal.exceeded,
      message:
        `Fixture server: rate limit reached for ${model} on ${UNIT_NAMES[refusal.exceeded]}: ` +
        `Limit ${bucket.limit}, Used ${bucket.limit - bucket.remaining}, Requested ${refusal.requested}. ` +
        `Please try again in ${formatOpenAIDuration(refusal.retryAfterMs)}.`,
      headers: { 'retry-after': String(retryAfterSeconds(refusal.retryAfterMs)) },
    };
  },
  overloadedError: () => ({
    status: 503,
    type: 'server_error',
    message: 'The server is overloaded or not ready yet.',
  }),
  serverError: () => ({
    status: 500,
    type: 'server_error',
    message: 'The server had an error while processing your request. Sorry about that!',
  }),
};
