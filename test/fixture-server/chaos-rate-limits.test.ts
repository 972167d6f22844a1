import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../../src/testing/fixture-server/index.ts';
import { type ManualClock, manualClock } from '../../src/testing/manual-clock.ts';
import { post, type RawAnswer } from './wire-client.ts';

const T0 = Date.UTC(2026, 0, 1);
const anthropicBody = {
  model: 'claude-haiku-4-5',
  max_tokens: 64,
  messages: [{ role: 'user', content: 'Hi' }],
};
const openaiBody = { model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'Hi' }] };
const reply = { text: 'ok', usage: { input: 100, output: 50 } };

let clock: ManualClock;
let server: FixtureServer;
beforeEach(async () => {
  clock = manualClock(T0);
  server = await startFixtureServer({ clock });
});
afterEach(async () => {
  await server.close();
});

const messages = () =>
  post(`${server.url}/v1/messages`, anthropicBody, { 'anthropic-version': '2023-06-01' });
const chat = () => post(`${server.url}/v1/chat/completions`, openaiBody);
const responses = () => post(`${server.url}/v1/responses`, { model: 'gpt-5-mini', input: 'Hi' });

/** The headers whose names start with `prefix`, as a plain object. */
function headersStartingWith(answer: RawAnswer, prefix: string): Record<string, string> {
  return Object.fromEntries([...answer.headers].filter(([name]) => name.startsWith(prefix)));
}

describe('enforced rate limits on the Anthropic wire', () => {
  it('sends every anthropic-ratelimit-* header with floored remaining counts and RFC 3339 resets', async () => {
    server.setLimits({ requestsPerMinute: 3, tokensPerMinute: 1_000 });
    server.enqueue(reply);

    const answer = await messages();

    expect(answer.status).toBe(200);
    const tokens = (unit: string) => ({
      [`anthropic-ratelimit-${unit}-limit`]: '1000',
      [`anthropic-ratelimit-${unit}-remaining`]: '850',
      // 150 tokens at 1000 per minute come back in 9 s.
      [`anthropic-ratelimit-${unit}-reset`]: '2026-01-01T00:00:09Z',
    });
    expect(headersStartingWith(answer, 'anthropic-ratelimit-')).toEqual({
      'anthropic-ratelimit-requests-limit': '3',
      'anthropic-ratelimit-requests-remaining': '2',
      'anthropic-ratelimit-requests-reset': '2026-01-01T00:00:20Z',
      ...tokens('tokens'),
      ...tokens('input-tokens'),
      ...tokens('output-tokens'),
    });
    expect(answer.headers.get('retry-after')).toBeNull();
  });

  it('refuses the request over the limit with a rate_limit_error 429, then accepts it after the refill', async () => {
    server.setLimits({ requestsPerMinute: 3 });
    server.enqueue(
      { ...reply, text: 'one' },
      { ...reply, text: 'two' },
      { ...reply, text: 'three' },
      { ...reply, text: 'four' },
    );
    for (let call = 0; call < 3; call++) expect((await messages()).status).toBe(200);

    const refused = await messages();

    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('20');
    expect(refused.headers.get('request-id')).toMatch(/^req_\d+$/);
    expect(headersStartingWith(refused, 'anthropic-ratelimit-')).toEqual({
      'anthropic-ratelimit-requests-limit': '3',
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': '2026-01-01T00:01:00Z',
    });
    expect(JSON.parse(refused.text)).toMatchObject({
      type: 'error',
      error: { type: 'rate_limit_error', message: expect.stringContaining('3 requests per minute') },
      request_id: refused.headers.get('request-id'),
    });
    // The refused request used no reply: the retry gets the one it would have had.
    expect(server.pendingReplies).toBe(1);

    clock.advance(19_999);
    expect((await messages()).status).toBe(429);
    clock.advance(1);
    const retried = await messages();

    expect(retried.status).toBe(200);
    expect(JSON.parse(retried.text).content[0].text).toBe('four');
    expect(retried.headers.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    expect(retried.headers.get('anthropic-ratelimit-requests-reset')).toBe('2026-01-01T00:01:20Z');
  });

  it('charges a reply its input plus output tokens and puts retry-after at the time they are back', async () => {
    server.setLimits({ tokensPerMinute: 1_000 });
    server.setHandler(() => ({ text: 'big', usage: { input: 500, output: 100, cacheRead: 400 } }));

    expect((await messages()).headers.get('anthropic-ratelimit-tokens-remaining')).toBe('400');
    const refused = await messages();

    expect(refused.status).toBe(429);
    // 200 tokens missing at 1000 per minute: 12 s.
    expect(refused.headers.get('retry-after')).toBe('12');
    expect(refused.headers.get('anthropic-ratelimit-requests-limit')).toBeNull();
    expect(JSON.parse(refused.text).error.message).toContain('1000 tokens per minute');

    clock.advance(11_500);
    expect((await messages()).status).toBe(429);
    expect(server.stats().answered429).toBe(2);
    clock.advance(500);
    const accepted = await messages();
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get('anthropic-ratelimit-tokens-remaining')).toBe('0');
  });

  it('rounds retry-after up to whole seconds, at least 1', async () => {
    server.setLimits({ tokensPerMinute: 6_000 });
    server.enqueue({ text: 'x', usage: { input: 6_000 } }, { text: 'y', usage: { output: 10 } });
    await messages();

    const refused = await messages();

    // 10 tokens come back in 100 ms.
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('anthropic-ratelimit-tokens-reset')).toBe('2026-01-01T00:01:00Z');
  });

  it('does not charge scripted errors, and still reports the limits on them', async () => {
    server.setLimits({ requestsPerMinute: 1 });
    server.enqueue(
      { error: { status: 500, message: 'boom' } },
      { error: { status: 400, message: 'bad' } },
      reply,
    );

    const failed = await messages();
    await messages();
    const answered = await messages();

    expect(failed.status).toBe(500);
    expect(failed.headers.get('anthropic-ratelimit-requests-remaining')).toBe('1');
    expect(answered.status).toBe(200);
    expect(answered.headers.get('anthropic-ratelimit-requests-remaining')).toBe('0');
  });
});

describe('enforced rate limits on the OpenAI wire', () => {
  it('sends x-ratelimit-* headers with OpenAI durations on Chat Completions and Responses', async () => {
    server.setLimits({ requestsPerMinute: 7, tokensPerMinute: 40_000 });
    server.setHandler(() => reply);

    const fromChat = await chat();
    const fromResponses = await responses();

    expect(headersStartingWith(fromChat, 'x-ratelimit-')).toEqual({
      'x-ratelimit-limit-requests': '7',
      'x-ratelimit-remaining-requests': '6',
      'x-ratelimit-reset-requests': '8.572s',
      'x-ratelimit-limit-tokens': '40000',
      'x-ratelimit-remaining-tokens': '39850',
      'x-ratelimit-reset-tokens': '225ms',
    });
    expect(headersStartingWith(fromResponses, 'x-ratelimit-')).toEqual({
      'x-ratelimit-limit-requests': '7',
      'x-ratelimit-remaining-requests': '5',
      'x-ratelimit-reset-requests': '17.143s',
      'x-ratelimit-limit-tokens': '40000',
      'x-ratelimit-remaining-tokens': '39700',
      'x-ratelimit-reset-tokens': '450ms',
    });
    expect(fromChat.headers.get('retry-after')).toBeNull();
  });

  it('answers 429 typed requests with code rate_limit_exceeded and retry-after, without retry-after-ms', async () => {
    server.setLimits({ requestsPerMinute: 1 });
    server.setHandler(() => reply);
    await chat();

    const refused = await chat();

    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(refused.headers.get('retry-after-ms')).toBeNull();
    expect(refused.headers.get('x-request-id')).toMatch(/^req_\d+$/);
    expect(refused.headers.get('x-ratelimit-reset-requests')).toBe('1m0s');
    expect(JSON.parse(refused.text)).toEqual({
      error: {
        type: 'requests',
        code: 'rate_limit_exceeded',
        param: null,
        message: expect.stringMatching(
          /gpt-4\.1-mini on requests per min \(RPM\): Limit 1, Used 1, Requested 1\./,
        ),
      },
    });
  });

  it('answers 429 typed tokens when only the token bucket is short', async () => {
    server.setLimits({ requestsPerMinute: 100, tokensPerMinute: 1_000 });
    server.setHandler(() => ({ text: 'x', usage: { input: 400, output: 200 } }));
    await responses();

    const refused = await responses();

    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.text).error).toMatchObject({
      type: 'tokens',
      code: 'rate_limit_exceeded',
      message: expect.stringContaining('tokens per min (TPM): Limit 1000, Used 600, Requested 600'),
    });
    expect(refused.headers.get('retry-after')).toBe('12');
    expect(refused.headers.get('x-ratelimit-remaining-requests')).toBe('99');
    expect(refused.headers.get('x-ratelimit-remaining-tokens')).toBe('400');
    expect(refused.headers.get('x-ratelimit-reset-tokens')).toBe('36s');
  });
});

describe('rate limit settings and stats', () => {
  it('sends no rate-limit headers without limits and stops sending them when the limits are removed', async () => {
    server.setHandler(() => reply);
    expect(headersStartingWith(await chat(), 'x-ratelimit-')).toEqual({});

    server.setLimits({ requestsPerMinute: 1 });
    expect((await chat()).headers.get('x-ratelimit-remaining-requests')).toBe('0');
    server.setLimits(undefined);
    const unlimited = await chat();

    expect(unlimited.status).toBe(200);
    expect(headersStartingWith(unlimited, 'x-ratelimit-')).toEqual({});
  });

  it('takes limits from its options and refills the buckets on reset, keeping the limits', async () => {
    const limited = await startFixtureServer({
      clock,
      limits: { requestsPerMinute: 1 },
      replies: [reply, reply],
    });
    try {
      const send = () => post(`${limited.url}/v1/chat/completions`, openaiBody);
      expect((await send()).status).toBe(200);
      expect((await send()).status).toBe(429);

      limited.reset();
      limited.enqueue(reply);

      const afterReset = await send();
      expect(afterReset.status).toBe(200);
      expect(afterReset.headers.get('x-ratelimit-limit-requests')).toBe('1');
      expect(limited.stats()).toEqual({
        requests: 1,
        answered429: 0,
        tokensAccepted: 150,
        byStatus: { 200: 1 },
      });
    } finally {
      await limited.close();
    }
  });

  it('counts model requests, limit refusals, accepted tokens and answers by status', async () => {
    server.setLimits({ requestsPerMinute: 2 });
    server.enqueue(reply, { error: { status: 429, message: 'scripted' } }, reply, reply);

    await chat();
    await chat();
    await messages();
    await messages();
    await post(`${server.url}/v1/embeddings`, { input: 'not a model request' });

    expect(server.stats()).toEqual({
      requests: 4,
      answered429: 1,
      tokensAccepted: 300,
      byStatus: { 200: 2, 429: 2 },
    });
  });

  it('refuses limits that are not positive numbers', () => {
    expect(() => server.setLimits({ requestsPerMinute: 0 })).toThrow(RangeError);
    expect(() => server.setLimits({ tokensPerMinute: -1 })).toThrow(RangeError);
  });
});
