import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { APICallError } from '@ai-sdk/provider';
import { generateText } from 'ai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../../src/testing/fixture-server/index.ts';
import { manualClock } from '../../src/testing/manual-clock.ts';
import { readParts, rejectionOf, weatherPrompt } from './model-fixtures.ts';

let server: FixtureServer;
beforeEach(async () => {
  server = await startFixtureServer({ clock: manualClock(Date.UTC(2026, 0, 1)) });
});
afterEach(async () => {
  await server.close();
});

const claude = () =>
  createAnthropic({ baseURL: server.anthropicBaseURL, apiKey: 'test' })('claude-sonnet-4-5');
const openai = () => createOpenAI({ baseURL: server.openaiBaseURL, apiKey: 'test' });

async function callError(promise: PromiseLike<unknown>): Promise<APICallError> {
  const error = await rejectionOf(promise);
  expect(APICallError.isInstance(error)).toBe(true);
  return error as APICallError;
}

describe('enforced rate limits through the AI SDK adapters', () => {
  it('gives @ai-sdk/anthropic a retryable 429 with retry-after and the anthropic-ratelimit-* headers', async () => {
    server.setLimits({ requestsPerMinute: 1, tokensPerMinute: 10_000 });
    server.setHandler(() => ({ text: 'Sunny.', usage: { input: 30, output: 5 } }));

    const first = await claude().doGenerate({ prompt: weatherPrompt });
    const error = await callError(claude().doGenerate({ prompt: weatherPrompt }));

    expect(first.response?.headers?.['anthropic-ratelimit-requests-remaining']).toBe('0');
    expect(first.response?.headers?.['anthropic-ratelimit-tokens-remaining']).toBe('9965');
    expect(error.statusCode).toBe(429);
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain('rate limit of 1 requests per minute');
    expect(error.responseHeaders).toMatchObject({
      'retry-after': '60',
      'anthropic-ratelimit-requests-limit': '1',
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': '2026-01-01T00:01:00Z',
      'anthropic-ratelimit-input-tokens-remaining': '9965',
      'anthropic-ratelimit-output-tokens-limit': '10000',
    });
  });

  it('fails generateText without retries on the 429, and doStream before any part', async () => {
    server.setLimits({ requestsPerMinute: 1 });
    server.setHandler(() => ({ text: 'Sunny.' }));
    await generateText({ model: claude(), prompt: 'Weather?' });

    const fromGenerate = await callError(
      generateText({ model: claude(), prompt: 'Weather?', maxRetries: 0 }),
    );
    const fromStream = await callError(claude().doStream({ prompt: weatherPrompt }));

    expect(fromGenerate.statusCode).toBe(429);
    expect(fromStream.statusCode).toBe(429);
    expect(server.stats()).toMatchObject({ requests: 3, answered429: 2 });
  });

  it('gives @ai-sdk/openai (chat) a 429 with code rate_limit_exceeded and the x-ratelimit-* headers', async () => {
    server.setLimits({ tokensPerMinute: 100 });
    server.setHandler(() => ({ text: 'Sunny.', usage: { input: 60, output: 20 } }));

    const first = await openai().chat('gpt-4.1-mini').doGenerate({ prompt: weatherPrompt });
    const error = await callError(openai().chat('gpt-4.1-mini').doGenerate({ prompt: weatherPrompt }));

    expect(first.response?.headers?.['x-ratelimit-remaining-tokens']).toBe('20');
    expect(error.statusCode).toBe(429);
    expect(error.isRetryable).toBe(true);
    expect(JSON.parse(error.responseBody ?? '')).toMatchObject({
      error: { type: 'tokens', code: 'rate_limit_exceeded' },
    });
    expect(error.responseHeaders).toMatchObject({
      'retry-after': '36',
      'x-ratelimit-limit-tokens': '100',
      'x-ratelimit-remaining-tokens': '20',
      'x-ratelimit-reset-tokens': '48s',
    });
    expect(error.responseHeaders?.['x-ratelimit-limit-requests']).toBeUndefined();
  });

  it('gives @ai-sdk/openai (responses) the same 429 on a streamed call', async () => {
    server.setLimits({ requestsPerMinute: 2 });
    server.setHandler(() => ({ chunks: ['Sun', 'ny.'] }));
    const model = openai()('gpt-5-mini');

    const { stream } = await model.doStream({ prompt: weatherPrompt });
    await readParts(stream);
    await model.doGenerate({ prompt: weatherPrompt });
    const error = await callError(model.doStream({ prompt: weatherPrompt }));

    expect(error.statusCode).toBe(429);
    expect(error.responseHeaders).toMatchObject({
      'retry-after': '30',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '1m0s',
    });
    expect(JSON.parse(error.responseBody ?? '').error).toMatchObject({
      type: 'requests',
      code: 'rate_limit_exceeded',
    });
  });
});
