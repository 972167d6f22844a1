import { describe, expect, it } from 'vitest';
import { parseDuration } from './parse-duration.ts';
import { readRateLimitHeaders } from './read-rate-limit-headers.ts';

const now = Date.parse('2026-01-01T00:00:00Z');

describe('parseDuration', () => {
  it.each([
    ['1s', 1_000],
    ['6m0s', 360_000],
    ['120ms', 120],
    ['1m30.5s', 90_500],
    ['2h', 7_200_000],
    ['1h2m3s', 3_723_000],
    ['0.5s', 500],
    ['0.1s', 100],
    ['.5s', 500],
    ['0s', 0],
    ['500us', 0.5],
    ['250µs', 0.25],
    ['1500000ns', 1.5],
    ['17', 17_000],
    [' 3s ', 3_000],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'soon', '-1s', '1x', '1s garbage', 's', '1 s', 'NaN', '1e3s', '1m-2s'])(
    'rejects %j',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe('readRateLimitHeaders', () => {
  it('reads Anthropic headers in any case, resets as RFC 3339 times', () => {
    const reset = '2026-01-01T00:00:30Z';
    const observation = readRateLimitHeaders(
      {
        'Anthropic-RateLimit-Requests-Limit': '50',
        'anthropic-ratelimit-requests-remaining': '49',
        'anthropic-ratelimit-requests-reset': '2026-01-01T00:00:01.5Z',
        'anthropic-ratelimit-tokens-limit': '80000',
        'anthropic-ratelimit-tokens-remaining': '79000',
        'anthropic-ratelimit-tokens-reset': reset,
        'anthropic-ratelimit-input-tokens-limit': '80000',
        'anthropic-ratelimit-input-tokens-remaining': '79000',
        'anthropic-ratelimit-input-tokens-reset': reset,
        'ANTHROPIC-RATELIMIT-OUTPUT-TOKENS-LIMIT': '16000',
        'anthropic-ratelimit-output-tokens-remaining': '16000',
        'anthropic-ratelimit-output-tokens-reset': '2025-12-31T23:59:00Z',
        'content-type': 'application/json',
      },
      now,
    );
    expect(observation).toEqual({
      requests: { limit: 50, remaining: 49, resetMs: 1_500 },
      tokens: { limit: 80_000, remaining: 79_000, resetMs: 30_000 },
      inputTokens: { limit: 80_000, remaining: 79_000, resetMs: 30_000 },
      outputTokens: { limit: 16_000, remaining: 16_000, resetMs: 0 },
    });
  });

  it('reads an RFC 3339 time with an offset', () => {
    expect(
      readRateLimitHeaders({ 'anthropic-ratelimit-tokens-reset': '2026-01-01T01:00:10+01:00' }, now),
    ).toEqual({ tokens: { resetMs: 10_000 } });
  });

  it('reads OpenAI headers, resets as durations', () => {
    const observation = readRateLimitHeaders(
      {
        'x-ratelimit-limit-requests': '500',
        'x-ratelimit-remaining-requests': '499',
        'x-ratelimit-reset-requests': '120ms',
        'X-RateLimit-Limit-Tokens': '30000',
        'x-ratelimit-remaining-tokens': '29500',
        'x-ratelimit-reset-tokens': '1m30.5s',
      },
      now,
    );
    expect(observation).toEqual({
      requests: { limit: 500, remaining: 499, resetMs: 120 },
      tokens: { limit: 30_000, remaining: 29_500, resetMs: 90_500 },
    });
  });

  it.each([
    ['1s', 1_000],
    ['6m0s', 360_000],
    ['120ms', 120],
    ['1m30.5s', 90_500],
    ['2h', 7_200_000],
  ])('reads the OpenAI reset %j', (value, ms) => {
    expect(readRateLimitHeaders({ 'x-ratelimit-reset-tokens': value }, now)).toEqual({
      tokens: { resetMs: ms },
    });
  });

  it('prefers retry-after-ms, then retry-after in seconds or as an HTTP date', () => {
    expect(readRateLimitHeaders({ 'retry-after-ms': '1500', 'retry-after': '7' }, now)).toEqual({
      retryAfterMs: 1_500,
    });
    expect(readRateLimitHeaders({ 'Retry-After': '7' }, now)).toEqual({ retryAfterMs: 7_000 });
    expect(readRateLimitHeaders({ 'retry-after': '0.25' }, now)).toEqual({ retryAfterMs: 250 });
    expect(readRateLimitHeaders({ 'retry-after': 'Thu, 01 Jan 2026 00:00:42 GMT' }, now)).toEqual({
      retryAfterMs: 42_000,
    });
    expect(readRateLimitHeaders({ 'retry-after': 'Wed, 31 Dec 2025 23:00:00 GMT' }, now)).toEqual({
      retryAfterMs: 0,
    });
    expect(readRateLimitHeaders({ 'retry-after-ms': 'soon', 'retry-after': '3' }, now)).toEqual({
      retryAfterMs: 3_000,
    });
  });

  it('ignores garbage, negative numbers and absent headers', () => {
    expect(readRateLimitHeaders(undefined, now)).toEqual({});
    expect(readRateLimitHeaders({}, now)).toEqual({});
    expect(
      readRateLimitHeaders(
        {
          'anthropic-ratelimit-requests-limit': 'lots',
          'anthropic-ratelimit-requests-remaining': '-3',
          'anthropic-ratelimit-requests-reset': 'tomorrow',
          'anthropic-ratelimit-tokens-reset': '30',
          'x-ratelimit-limit-tokens': 'NaN',
          'x-ratelimit-remaining-tokens': '',
          'x-ratelimit-reset-tokens': '-1s',
          'retry-after-ms': '-100',
          'retry-after': '-5',
          'x-other': undefined,
        },
        now,
      ),
    ).toEqual({});
    expect(readRateLimitHeaders({ 'retry-after': 'Infinity' }, now)).toEqual({});
  });

  it('fills fields one provider lacks from the other, Anthropic first', () => {
    expect(
      readRateLimitHeaders(
        {
          'anthropic-ratelimit-requests-limit': '50',
          'x-ratelimit-limit-requests': '500',
          'x-ratelimit-remaining-requests': '499',
        },
        now,
      ),
    ).toEqual({ requests: { limit: 50, remaining: 499 } });
  });
});
