import { parseDuration } from './parse-duration.ts';
import type { LimitReading, RateLimitObservation } from './rate-limiter.ts';

type Headers = Record<string, string | undefined>;

const COUNT = /^\d+(?:\.\d+)?$/;
const SECONDS = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
const NUMBER_LIKE = /^[-+\d.eE\s]+$/;

/**
 * Reads the rate-limit facts in a response's headers (names in any case), from either provider:
 *
 * - Anthropic: `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset}`,
 *   the reset an RFC 3339 time, turned into milliseconds from `now` (never below 0);
 * - OpenAI: `x-ratelimit-{limit,remaining,reset}-{requests,tokens}`, the reset a duration such as `1s`,
 *   `6m0s`, `120ms`, `1m30.5s`;
 * - `retry-after-ms` (milliseconds), else `retry-after` (seconds, or an HTTP date).
 *
 * Values that do not parse, or are negative, are left out; so is a reading with nothing in it. When both
 * providers' headers are present, Anthropic's win field by field.
 *
 * @example
 * readRateLimitHeaders({ 'x-ratelimit-limit-requests': '500', 'x-ratelimit-reset-requests': '120ms' }, Date.now());
 * // { requests: { limit: 500, resetMs: 120 } }
 */
export function readRateLimitHeaders(headers: Headers | undefined, now: number): RateLimitObservation {
  if (headers === undefined) return {};
  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) lower.set(name.toLowerCase(), value.trim());
  }
  const anthropic = (dimension: string): LimitReading | undefined =>
    reading(
      count(lower.get(`anthropic-ratelimit-${dimension}-limit`)),
      count(lower.get(`anthropic-ratelimit-${dimension}-remaining`)),
      untilDate(lower.get(`anthropic-ratelimit-${dimension}-reset`), now),
    );
  const openai = (dimension: string): LimitReading | undefined =>
    reading(
      count(lower.get(`x-ratelimit-limit-${dimension}`)),
      count(lower.get(`x-ratelimit-remaining-${dimension}`)),
      duration(lower.get(`x-ratelimit-reset-${dimension}`)),
    );

  const requests = merge(anthropic('requests'), openai('requests'));
  const tokens = merge(anthropic('tokens'), openai('tokens'));
  const inputTokens = anthropic('input-tokens');
  const outputTokens = anthropic('output-tokens');
  const retryAfterMs = count(lower.get('retry-after-ms')) ?? retryAfter(lower.get('retry-after'), now);
  return {
    ...(requests === undefined ? {} : { requests }),
    ...(tokens === undefined ? {} : { tokens }),
    ...(inputTokens === undefined ? {} : { inputTokens }),
    ...(outputTokens === undefined ? {} : { outputTokens }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}

function reading(
  limit: number | undefined,
  remaining: number | undefined,
  resetMs: number | undefined,
): LimitReading | undefined {
  if (limit === undefined && remaining === undefined && resetMs === undefined) return undefined;
  return {
    ...(limit === undefined ? {} : { limit }),
    ...(remaining === undefined ? {} : { remaining }),
    ...(resetMs === undefined ? {} : { resetMs }),
  };
}

function merge(first: LimitReading | undefined, second: LimitReading | undefined): LimitReading | undefined {
  if (first === undefined) return second;
  if (second === undefined) return first;
  return reading(
    first.limit ?? second.limit,
    first.remaining ?? second.remaining,
    first.resetMs ?? second.resetMs,
  );
}

function count(value: string | undefined): number | undefined {
  if (value === undefined || !COUNT.test(value)) return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function duration(value: string | undefined): number | undefined {
  return value === undefined ? undefined : parseDuration(value);
}

function untilDate(value: string | undefined, now: number): number | undefined {
  // Date.parse reads a bare number such as `30` as a year; a date here always has more than digits.
  if (value === undefined || value === '' || NUMBER_LIKE.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function retryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (SECONDS.test(value)) return Math.round(Number(value) * 1_000);
  return untilDate(value, now);
}
