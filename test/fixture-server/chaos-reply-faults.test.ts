import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { APICallError } from '@ai-sdk/provider';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../../src/testing/fixture-server/index.ts';
import { partsOfType, readParts, rejectionOf, weatherPrompt } from './model-fixtures.ts';
import { parseSse, post } from './wire-client.ts';

let server: FixtureServer;
beforeEach(async () => {
  server = await startFixtureServer();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await server.close();
});

const claude = () =>
  createAnthropic({ baseURL: server.anthropicBaseURL, apiKey: 'test' })('claude-sonnet-4-5');
const openai = () => createOpenAI({ baseURL: server.openaiBaseURL, apiKey: 'test' });
const anthropicBody = {
  model: 'claude-haiku-4-5',
  max_tokens: 64,
  messages: [{ role: 'user', content: 'Hi' }],
};

/** Reads a streamed body until it ends or breaks, keeping what arrived before the break. */
async function readUntilBroken(response: Response): Promise<{ text: string; error: unknown }> {
  const decoder = new TextDecoder();
  let text = '';
  try {
    for await (const chunk of response.body!) text += decoder.decode(chunk, { stream: true });
    return { text, error: undefined };
  } catch (error) {
    return { text, error };
  }
}

/** The parts a stream delivered before it ended or broke, and why it broke. */
async function readUntilFailure<T>(stream: ReadableStream<T>): Promise<{ parts: T[]; failure: unknown }> {
  const parts: T[] = [];
  try {
    for await (const part of stream) parts.push(part);
    return { parts, failure: undefined };
  } catch (failure) {
    return { parts, failure };
  }
}

describe('dropAfterEvents', () => {
  it('sends the headers and the first n events of a stream, then drops the connection', async () => {
    server.enqueue({ text: 'Sunny in Paris today', dropAfterEvents: 4 });

    const response = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...anthropicBody, stream: true }),
    });
    const { text, error } = await readUntilBroken(response);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(parseSse(text).map((event) => event.event)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
    ]);
    expect(error).toBeInstanceOf(Error);
    expect(server.stats().byStatus).toEqual({ 200: 1 });
  });

  it('drops a JSON reply before any byte, counted under status 0', async () => {
    server.enqueue({ text: 'never sent', dropAfterEvents: 0 }, { text: 'next' });

    await expect(post(`${server.url}/v1/messages`, anthropicBody)).rejects.toThrow();
    const next = await post(`${server.url}/v1/messages`, anthropicBody);

    expect(JSON.parse(next.text).content[0].text).toBe('next');
    expect(server.stats().byStatus).toEqual({ 0: 1, 200: 1 });
  });

  it('surfaces a stream dropped midway as a stream error in @ai-sdk/anthropic, after the first deltas', async () => {
    server.enqueue({ chunks: ['Sun', 'ny ', 'in ', 'Paris'], dropAfterEvents: 5 });

    const { stream } = await claude().doStream({ prompt: weatherPrompt });
    const { parts, failure } = await readUntilFailure(stream);

    expect(failure).toBeInstanceOf(Error);
    expect(partsOfType(parts, 'text-delta').map((part) => part.delta)).toEqual(['Sun', 'ny ']);
    expect(partsOfType(parts, 'finish')).toEqual([]);
  });

  it('surfaces a stream dropped midway as a stream error in @ai-sdk/openai, chat and responses', async () => {
    server.enqueue(
      { text: 'Sunny in Paris', dropAfterEvents: 4 },
      { text: 'Sunny in Paris', dropAfterEvents: 4 },
    );

    const chat = await openai().chat('gpt-4.1-mini').doStream({ prompt: weatherPrompt });
    const fromChat = await readUntilFailure(chat.stream);
    const responses = await openai().responses('gpt-5-mini').doStream({ prompt: weatherPrompt });
    const fromResponses = await readUntilFailure(responses.stream);

    expect(fromChat.failure).toBeInstanceOf(Error);
    expect(partsOfType(fromChat.parts, 'text-delta').length).toBeGreaterThan(0);
    expect(partsOfType(fromChat.parts, 'finish')).toEqual([]);
    expect(fromResponses.failure).toBeInstanceOf(Error);
    expect(partsOfType(fromResponses.parts, 'finish')).toEqual([]);
  });

  it('fails doStream of @ai-sdk/openai with a retryable APICallError when the drop comes before its first part', async () => {
    server.enqueue({ text: 'Sunny in Paris', dropAfterEvents: 0 });

    const error = await rejectionOf(openai().chat('gpt-4.1-mini').doStream({ prompt: weatherPrompt }));

    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).isRetryable).toBe(true);
  });

  it('fails doGenerate with a retryable APICallError when the connection drops before the answer', async () => {
    server.enqueue({ text: 'lost', dropAfterEvents: 0 });

    const error = await rejectionOf(claude().doGenerate({ prompt: weatherPrompt }));

    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).isRetryable).toBe(true);
  });
});

describe('malformed', () => {
  it('inserts one event whose data is not JSON in the middle of a stream, the rest intact', async () => {
    server.enqueue({ chunks: ['a', 'b', 'c', 'd'], malformed: true });

    const answer = await post(`${server.url}/v1/messages`, { ...anthropicBody, stream: true });
    const events = parseSse(answer.text);
    const invalid = events.filter((event) => {
      try {
        JSON.parse(event.data);
        return false;
      } catch {
        return true;
      }
    });

    expect(answer.status).toBe(200);
    // 10 events of the reply, and the broken one before the sixth.
    expect(events).toHaveLength(11);
    expect(invalid).toHaveLength(1);
    expect(events.indexOf(invalid[0]!)).toBe(5);
    expect(invalid[0]?.event).toBe(events[6]?.event);
    expect(events.at(-1)?.event).toBe('message_stop');
  });

  it('sends a 200 with a truncated JSON body for a JSON reply', async () => {
    server.enqueue({ text: 'Sunny.', malformed: true });

    const answer = await post(`${server.url}/v1/chat/completions`, { model: 'gpt-4.1-mini', messages: [] });

    expect(answer.status).toBe(200);
    expect(answer.text.startsWith('{"id":"chatcmpl-1"')).toBe(true);
    expect(() => JSON.parse(answer.text)).toThrow(SyntaxError);
  });

  it('surfaces as an error part in @ai-sdk/anthropic, and the stream still finishes', async () => {
    server.enqueue({ chunks: ['Sun', 'ny.'], malformed: true, usage: { input: 5, output: 2 } });

    const { stream } = await claude().doStream({ prompt: weatherPrompt });
    const parts = await readParts(stream);

    expect(partsOfType(parts, 'error')).toHaveLength(1);
    expect(partsOfType(parts, 'text-delta').map((part) => part.delta)).toEqual(['Sun', 'ny.']);
    expect(partsOfType(parts, 'finish')).toHaveLength(1);
  });

  it('surfaces as an error part in @ai-sdk/openai chat and responses streams', async () => {
    server.enqueue({ text: 'Sunny in Paris', malformed: true }, { text: 'Sunny in Paris', malformed: true });

    const chat = await openai().chat('gpt-4.1-mini').doStream({ prompt: weatherPrompt });
    const chatParts = await readParts(chat.stream);
    const responses = await openai().responses('gpt-5-mini').doStream({ prompt: weatherPrompt });
    const responsesParts = await readParts(responses.stream);

    expect(partsOfType(chatParts, 'error')).toHaveLength(1);
    expect(partsOfType(responsesParts, 'error')).toHaveLength(1);
  });

  it('fails doGenerate on a truncated JSON body with a non-retryable invalid JSON response', async () => {
    server.enqueue({ text: 'Sunny.', malformed: true });

    const error = await rejectionOf(claude().doGenerate({ prompt: weatherPrompt }));

    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).message).toBe('Invalid JSON response');
    expect((error as APICallError).isRetryable).toBe(false);
  });
});

/** Records the real timers set for `delayMs` milliseconds, and which of them were cleared. */
function watchTimers(delayMs: number): { set: unknown[]; cleared: unknown[] } {
  const watched = { set: [] as unknown[], cleared: [] as unknown[] };
  const setTimer = globalThis.setTimeout;
  const clearTimer = globalThis.clearTimeout;
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, milliseconds?: number) => {
    const handle = setTimer(callback, milliseconds);
    if (milliseconds === delayMs) watched.set.push(handle);
    return handle;
  }) as typeof setTimeout);
  vi.spyOn(globalThis, 'clearTimeout').mockImplementation((handle) => {
    if (watched.set.includes(handle)) watched.cleared.push(handle);
    clearTimer(handle);
  });
  return watched;
}

/** Lets the event loop turn until `condition` holds (the test timeout bounds it). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('delayMs', () => {
  it('answers a delayed reply after a later undelayed one', async () => {
    server.setHandler((request) => ({
      text: `reply ${request.index}`,
      delayMs: request.index === 0 ? 30 : 0,
    }));
    const finished: number[] = [];
    const send = (index: number) =>
      post(`${server.url}/v1/messages`, anthropicBody).then(() => {
        finished.push(index);
      });

    const first = send(0);
    await until(() => server.requests.length === 1);
    await send(1);
    await first;

    expect(finished).toEqual([1, 0]);
  });

  it('clears the timer when the client disconnects during the delay, and the server closes', async () => {
    const delayTimers = watchTimers(15_000);
    server.enqueue({ text: 'too late', delayMs: 15_000 }, { text: 'too late', delayMs: 15_000 });
    const client = new AbortController();

    const abandoned = fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      body: JSON.stringify(anthropicBody),
      signal: client.signal,
    });
    await until(() => delayTimers.set.length === 1);
    client.abort();
    await expect(abandoned).rejects.toThrow();
    await until(() => delayTimers.cleared.length === 1);

    const cut = post(`${server.url}/v1/messages`, anthropicBody);
    await until(() => delayTimers.set.length === 2);
    await server.close();
    await expect(cut).rejects.toThrow();
    await until(() => delayTimers.cleared.length === 2);

    expect(delayTimers.cleared).toEqual(delayTimers.set);
    expect(server.stats()).toEqual({ requests: 2, answered429: 0, tokensAccepted: 0, byStatus: {} });
  });
});
