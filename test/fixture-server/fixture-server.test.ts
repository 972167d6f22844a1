import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../../src/testing/fixture-server/index.ts';
import { post } from './wire-client.ts';

const anthropicHeaders = { 'x-api-key': 'test', 'anthropic-version': '2023-06-01' };
const anthropicBody = {
  model: 'claude-haiku-4-5',
  max_tokens: 64,
  messages: [{ role: 'user', content: 'Hi' }],
};
const chatBody = { model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'Hi' }] };

let server: FixtureServer;
beforeEach(async () => {
  server = await startFixtureServer();
});
afterEach(async () => {
  await server.close();
});

const messages = (body: unknown = anthropicBody) => post(`${server.url}/v1/messages`, body, anthropicHeaders);
const chat = (body: unknown = chatBody) => post(`${server.url}/v1/chat/completions`, body);

describe('startFixtureServer', () => {
  it('listens on 127.0.0.1 on an ephemeral port and gives both base URLs', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
    expect(server.anthropicBaseURL).toBe(`${server.url}/v1`);
    expect(server.openaiBaseURL).toBe(`${server.url}/v1`);
  });

  it('answers from the queue in order, then from the handler, which sees the recorded request', async () => {
    server.enqueue({ text: 'first' }, { text: 'second' });
    server.setHandler((request) => ({ text: `handled ${(request.body as { model: string }).model}` }));
    expect(server.pendingReplies).toBe(2);

    const texts = [];
    for (let call = 0; call < 3; call++) {
      const answer = await messages();
      texts.push((JSON.parse(answer.text) as { content: { text: string }[] }).content[0]?.text);
    }

    expect(texts).toEqual(['first', 'second', 'handled claude-haiku-4-5']);
    expect(server.pendingReplies).toBe(0);
    expect(server.requests.map((request) => request.index)).toEqual([0, 1, 2]);
  });

  it('records concurrent requests with distinct positions and answers each one', async () => {
    server.setHandler(async (request) => ({ text: `answer ${request.index}` }));

    const answers = await Promise.all([chat(), messages(), chat(), messages()]);

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect(server.requests.map((request) => request.index).sort()).toEqual([0, 1, 2, 3]);
    expect(server.requests.filter((request) => request.format === 'openai-chat')).toHaveLength(2);
  });

  it('takes replies and a handler from its options', async () => {
    const configured = await startFixtureServer({
      replies: [{ text: 'queued' }],
      handler: async () => ({ text: 'later' }),
    });
    try {
      const first = await post(`${configured.url}/v1/chat/completions`, chatBody);
      const second = await post(`${configured.url}/v1/chat/completions`, chatBody);
      const text = (answer: { text: string }) =>
        (JSON.parse(answer.text) as { choices: { message: { content: string } }[] }).choices[0]?.message
          .content;
      expect([text(first), text(second)]).toEqual(['queued', 'later']);
    } finally {
      await configured.close();
    }
  });

  it('answers 500 saying no reply was scripted, in each format, and records the request', async () => {
    const anthropic = await messages();
    const openai = await chat();

    expect(anthropic.status).toBe(500);
    expect(JSON.parse(anthropic.text)).toMatchObject({
      type: 'error',
      error: { type: 'api_error', message: expect.stringContaining('no reply was scripted') },
    });
    expect(openai.status).toBe(500);
    expect(JSON.parse(openai.text)).toMatchObject({
      error: { type: 'server_error', message: expect.stringContaining('no reply was scripted') },
    });
    expect(server.requests.map((request) => request.format)).toEqual(['anthropic-messages', 'openai-chat']);
  });

  it('answers unknown paths with 404 in the caller provider error format, without using a reply', async () => {
    server.enqueue({ text: 'kept' });

    const anthropic = await post(`${server.url}/v1/messages/count_tokens`, anthropicBody, anthropicHeaders);
    const openai = await post(`${server.url}/v1/embeddings`, { model: 'text-embedding-3-small', input: 'x' });

    expect(anthropic.status).toBe(404);
    expect(JSON.parse(anthropic.text)).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    expect(openai.status).toBe(404);
    expect(JSON.parse(openai.text)).toMatchObject({
      error: { type: 'invalid_request_error', message: expect.stringContaining('/v1/embeddings') },
    });
    expect(server.requests.map((request) => [request.path, request.format])).toEqual([
      ['/v1/messages/count_tokens', undefined],
      ['/v1/embeddings', undefined],
    ]);
    expect(server.pendingReplies).toBe(1);
  });

  it('answers a GET on a model endpoint with 405 and a body that is not JSON with 400', async () => {
    server.enqueue({ text: 'kept' });

    const get = await fetch(`${server.url}/v1/responses`);
    const invalid = await chat('{"model": ');

    expect(get.status).toBe(405);
    expect(((await get.json()) as { error: { message: string } }).error.message).toContain('use POST');
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.text)).toMatchObject({ error: { type: 'invalid_request_error' } });
    expect(server.requests[1]).toMatchObject({
      rawBody: '{"model": ',
      body: undefined,
      format: 'openai-chat',
    });
    expect(server.pendingReplies).toBe(1);
  });

  it('answers 500 with the cause when the handler throws or the chunks do not join to the text', async () => {
    server.setHandler(() => {
      throw new Error('no script for this agent');
    });
    const thrown = await chat();
    server.enqueue({ text: 'Hello', chunks: ['Hel', 'p'] });
    const mismatched = await messages({ ...anthropicBody, stream: true });

    expect(thrown.status).toBe(500);
    expect(JSON.parse(thrown.text).error.message).toContain('no script for this agent');
    expect(mismatched.status).toBe(500);
    expect(JSON.parse(mismatched.text).error.message).toContain('do not join');
  });

  it('sends scripted error headers and a default error type per status', async () => {
    server.enqueue(
      {
        error: {
          status: 529,
          message: 'Overloaded',
          headers: { 'retry-after': '2', 'x-should-retry': 'true' },
        },
      },
      { error: { status: 400, message: 'prompt is too long', type: 'invalid_request_error' } },
    );

    const overloaded = await messages();
    const invalid = await messages();

    expect(overloaded.status).toBe(529);
    expect(overloaded.headers.get('retry-after')).toBe('2');
    expect(overloaded.headers.get('x-should-retry')).toBe('true');
    expect(overloaded.headers.get('request-id')).toMatch(/^req_\d+$/);
    expect(JSON.parse(overloaded.text)).toMatchObject({
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.text).error).toEqual({
      type: 'invalid_request_error',
      message: 'prompt is too long',
    });
  });

  it('numbers ids deterministically per prefix and starts again after reset', async () => {
    server.enqueue(
      {
        toolCalls: [
          { name: 'a', input: {} },
          { name: 'b', input: {}, id: 'toolu_custom' },
        ],
      },
      { text: 'x' },
    );
    const first = JSON.parse((await messages()).text) as { id: string; content: { id: string }[] };
    const second = JSON.parse((await messages()).text) as { id: string };

    expect([first.id, ...first.content.map((block) => block.id), second.id]).toEqual([
      'msg_1',
      'toolu_1',
      'toolu_custom',
      'msg_2',
    ]);

    server.setHandler(() => ({ text: 'handled' }));
    server.enqueue({ text: 'queued' });
    server.reset();

    expect(server.requests).toEqual([]);
    expect(server.pendingReplies).toBe(0);
    const afterReset = await messages();
    expect(afterReset.status).toBe(500);
    server.enqueue({ text: 'again' });
    expect((JSON.parse((await messages()).text) as { id: string }).id).toBe('msg_1');
    expect(server.requests.map((request) => request.index)).toEqual([0, 1]);
  });

  it('writes the injected clock into created fields', async () => {
    const clocked = await startFixtureServer({
      clock: { now: () => 1_700_000_000_999 },
      replies: [{ text: 'x' }],
    });
    try {
      const answer = await post(`${clocked.url}/v1/chat/completions`, chatBody);
      expect(JSON.parse(answer.text).created).toBe(1_700_000_000);
    } finally {
      await clocked.close();
    }
  });

  it('closes idempotently and through await using', async () => {
    let url = '';
    {
      await using disposable = await startFixtureServer();
      url = disposable.url;
      expect((await fetch(`${url}/v1/models`)).status).toBe(404);
    }
    await expect(fetch(`${url}/v1/models`)).rejects.toThrow();

    const closing = await startFixtureServer();
    await Promise.all([closing.close(), closing.close()]);
    await closing.close();
  });
});
