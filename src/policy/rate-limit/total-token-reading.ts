import type { LimitReading, RateLimitObservation } from './rate-limiter.ts';

/**
 * The reading for the limiter's one token bucket, which counts input + output tokens together.
 *
 * `tokens` is used when present. Otherwise the input-token and output-token readings (Anthropic's
 * separate ITPM and OTPM limits) are combined by taking the smaller limit, remaining and reset of the
 * two. That is what Anthropic's own `anthropic-ratelimit-tokens-*` headers report (the most restrictive
 * limit in effect), and it is sound: when input + output stays within the smaller limit, input and output
 * each stay within their own. It is conservative for input-heavy calls; a provider that sends `tokens`
 * avoids that.
 *
 * @example
 * totalTokenReading({ inputTokens: { limit: 40_000 }, outputTokens: { limit: 8_000 } }); // { limit: 8000 }
 */
export function totalTokenReading(observation: RateLimitObservation): LimitReading | undefined {
  if (observation.tokens !== undefined) return observation.tokens;
  const { inputTokens, outputTokens } = observation;
  if (inputTokens === undefined) return outputTokens;
  if (outputTokens === undefined) return inputTokens;
  const limit = smaller(inputTokens.limit, outputTokens.limit);
  const remaining = smaller(inputTokens.remaining, outputTokens.remaining);
  const resetMs = smaller(inputTokens.resetMs, outputTokens.resetMs);
  return {
    ...(limit === undefined ? {} : { limit }),
    ...(remaining === undefined ? {} : { remaining }),
    ...(resetMs === undefined ? {} : { resetMs }),
  };
}

function smaller(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
