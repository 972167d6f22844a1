import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { APICallError } from '@ai-sdk/provider';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../../src/testing/fixture-server/index.ts';
import { rejectionOf, weatherPrompt } from './model-fixtures.ts';

let server: FixtureServer;
beforeEach(async () => {
  server = await startFixtureServer();
});
afterEach(async () => {
  await server.close();
});

const claude = () =>
  createAnthropic({ baseURL: server.anthropicBaseURL, apiKey: 'test' })('claude-sonnet-4-5');
const openai = () => createOpenAI({ baseURL: server.openaiBaseURL, apiKey: 'test' });

async function errorBody(promise: PromiseLike<unknown>): Promise<{ error: APICallError; body: unknown }> {
  const error = await rejectionOf(promise);
  expect(APICallError.isInstance(error)).toBe(true);
  const callError = error as APICallError;
  return { error: callError, body: JSON.parse(callError.responseBody ?? '') };
}

describe('scripted overloaded and server errors through the adapters', () => {
  it.each([
    [529, 'overloaded_error'],
    [503, 'api_error'],
    [500, 'api_error'],
  ])('gives @ai-sdk/anthropic a retryable %d typed %s', async (status, type) => {
    server.enqueue({ error: { status, message: 'Overloaded' } });

    const { error, body } = await errorBody(claude().doGenerate({ prompt: weatherPrompt }));

    expect(error.statusCode).toBe(status);
    expect(error.isRetryable).toBe(true);
    expect(body).toMatchObject({ type: 'error', error: { type, message: 'Overloaded' } });
  });

  it.each([
    ['chat', 503],
    ['chat', 500],
    ['responses', 503],
    ['responses', 500],
  ] as const)('gives @ai-sdk/openai (%s) a retryable %d typed server_error', async (api, status) => {
    server.enqueue({ error: { status, message: 'The server is overloaded or not ready yet.' } });
    const model = api === 'chat' ? openai().chat('gpt-4.1-mini') : openai().responses('gpt-5-mini');

    const { error, body } = await errorBody(model.doGenerate({ prompt: weatherPrompt }));

    expect(error.statusCode).toBe(status);
    expect(error.isRetryable).toBe(true);
    expect(body).toEqual({
      error: {
        type: 'server_error',
        code: null,
        param: null,
        message: 'The server is overloaded or not ready yet.',
      },
    });
  });

  it('fails a streamed call on a scripted 529 before any part', async () => {
    server.enqueue({ error: { status: 529, message: 'Overloaded', headers: { 'x-should-retry': 'true' } } });

    const { error } = await errorBody(claude().doStream({ prompt: weatherPrompt }));

    expect(error.statusCode).toBe(529);
    expect(error.responseHeaders?.['x-should-retry']).toBe('true');
  });
});
