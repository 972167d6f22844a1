import { createAnthropic } from '@ai-sdk/anthropic';
import { APICallError } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import {
  type FixtureServerOptions,
  type RandomFaults,
  startFixtureServer,
} from '../../src/testing/fixture-server/index.ts';
import { checkFaults, pickFault } from '../../src/testing/fixture-server/random-faults.ts';
import { manualClock } from '../../src/testing/manual-clock.ts';
import { randomSequence } from './chaos-random.ts';
import { rejectionOf, weatherPrompt } from './model-fixtures.ts';
import { parseSse, post } from './wire-client.ts';

const anthropicBody = {
  model: 'claude-haiku-4-5',
  max_tokens: 64,
  messages: [{ role: 'user', content: 'Hi' }],
};
const chatBody = { model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'Hi' }] };
const everyKind: RandomFaults = { rate: 0.5, kinds: ['overloaded', 'server', 'drop', 'malformed'] };

/** Runs `body` against a server started with `options`, closing it afterwards. */
async function withServer(
  options: FixtureServerOptions,
  body: (server: Awaited<ReturnType<typeof startFixtureServer>>) => Promise<void>,
): Promise<void> {
  const server = await startFixtureServer(options);
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

describe('pickFault', () => {
  it('faults when the first draw is under the rate, and picks the kind with the second', () => {
    const random = randomSequence(0.49, 0.1, 0.5, 0.2, 0.99);

    expect(pickFault(everyKind, random)).toBe('overloaded');
    expect(pickFault(everyKind, random)).toBeUndefined();
    expect(pickFault(everyKind, random)).toBe('malformed');
  });

  it('draws nothing without faults or at rate 0, and always faults at rate 1', () => {
    expect(pickFault(undefined, randomSequence())).toBeUndefined();
    expect(pickFault({ rate: 0, kinds: ['server'] }, randomSequence())).toBeUndefined();
    expect(pickFault({ rate: 1, kinds: ['server', 'drop'] }, randomSequence(0.999, 0.999))).toBe('drop');
  });

  it('refuses a rate outside [0, 1] and an empty list of kinds', () => {
    expect(() => checkFaults({ rate: 1.5, kinds: ['server'] })).toThrow(RangeError);
    expect(() => checkFaults({ rate: Number.NaN, kinds: ['server'] })).toThrow(RangeError);
    expect(() => checkFaults({ rate: 0.5, kinds: [] })).toThrow(RangeError);
  });
});

describe('random faults on the wire', () => {
  it('answers overloaded as 529 overloaded_error for Anthropic and 503 server_error for OpenAI', async () => {
    const random = randomSequence(0, 0, 0, 0);
    await withServer({ faults: { rate: 0.1, kinds: ['overloaded'] }, random }, async (server) => {
      const anthropic = await post(`${server.url}/v1/messages`, anthropicBody);
      const openai = await post(`${server.url}/v1/chat/completions`, chatBody);

      expect(anthropic.status).toBe(529);
      expect(JSON.parse(anthropic.text).error).toEqual({ type: 'overloaded_error', message: 'Overloaded' });
      expect(openai.status).toBe(503);
      expect(JSON.parse(openai.text).error).toMatchObject({ type: 'server_error', code: null });
    });
  });

  it('answers server as a 500 in each format', async () => {
    const random = randomSequence(0, 0, 0, 0);
    await withServer({ faults: { rate: 0.1, kinds: ['server'] }, random }, async (server) => {
      const anthropic = await post(`${server.url}/v1/messages`, anthropicBody);
      const openai = await post(`${server.url}/v1/responses`, { model: 'gpt-5-mini', input: 'Hi' });

      expect([anthropic.status, openai.status]).toEqual([500, 500]);
      expect(JSON.parse(anthropic.text).error.type).toBe('api_error');
      expect(JSON.parse(openai.text).error.type).toBe('server_error');
    });
  });

  it('drops a stream halfway and a JSON answer before any byte', async () => {
    const random = randomSequence(0, 0, 0, 0);
    await withServer({ faults: { rate: 0.1, kinds: ['drop'] }, random }, async (server) => {
      await expect(post(`${server.url}/v1/messages`, anthropicBody)).rejects.toThrow();
      const response = await fetch(`${server.url}/v1/messages`, {
        method: 'POST',
        body: JSON.stringify({ ...anthropicBody, stream: true }),
      });
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      await expect(
        (async () => {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) return;
            text += decoder.decode(value, { stream: true });
          }
        })(),
      ).rejects.toThrow();

      expect(response.status).toBe(200);
      expect(parseSse(text).length).toBeGreaterThan(0);
      expect(parseSse(text).map((event) => event.event)).not.toContain('message_stop');
      expect(server.stats().byStatus).toEqual({ 0: 1, 200: 1 });
    });
  });

  it('sends malformed JSON, which the adapter reports as an invalid JSON response', async () => {
    const random = randomSequence(0, 0);
    await withServer({ faults: { rate: 0.1, kinds: ['malformed'] }, random }, async (server) => {
      const claude = createAnthropic({ baseURL: server.anthropicBaseURL, apiKey: 'test' })(
        'claude-sonnet-4-5',
      );

      const error = await rejectionOf(claude.doGenerate({ prompt: weatherPrompt }));

      expect(APICallError.isInstance(error)).toBe(true);
      expect((error as APICallError).message).toBe('Invalid JSON response');
      expect((error as APICallError).statusCode).toBe(200);
    });
  });

  it('neither uses a scripted reply nor charges the limits on a faulted request', async () => {
    const random = randomSequence(0, 0, 0.9, 0, 0.5, 0.9);
    const options: FixtureServerOptions = {
      clock: manualClock(Date.UTC(2026, 0, 1)),
      faults: { rate: 0.5, kinds: ['server', 'overloaded'] },
      limits: { requestsPerMinute: 1 },
      random,
      replies: [
        { text: 'scripted', usage: { input: 10, output: 5 } },
        { text: 'second', usage: { input: 10, output: 5 } },
      ],
    };
    await withServer(options, async (server) => {
      const faulted = await post(`${server.url}/v1/chat/completions`, chatBody);
      const answered = await post(`${server.url}/v1/chat/completions`, chatBody);
      const overloaded = await post(`${server.url}/v1/chat/completions`, chatBody);
      const refused = await post(`${server.url}/v1/chat/completions`, chatBody);

      expect(faulted.status).toBe(500);
      expect(faulted.headers.get('x-ratelimit-remaining-requests')).toBe('1');
      expect(JSON.parse(answered.text).choices[0].message.content).toBe('scripted');
      expect(overloaded.status).toBe(503);
      expect(refused.status).toBe(429);
      expect(server.pendingReplies).toBe(1);
      expect(server.stats()).toEqual({
        requests: 4,
        answered429: 1,
        tokensAccepted: 15,
        byStatus: { 200: 1, 429: 1, 500: 1, 503: 1 },
      });
    });
  });

  it('turns faults on and off while running', async () => {
    await withServer({ random: randomSequence(0, 0), handler: () => ({ text: 'x' }) }, async (server) => {
      server.setFaults({ rate: 1, kinds: ['server'] });
      expect(() => server.setFaults({ rate: -1, kinds: ['server'] })).toThrow(RangeError);
      expect((await post(`${server.url}/v1/chat/completions`, chatBody)).status).toBe(500);
      server.setFaults(undefined);
      expect((await post(`${server.url}/v1/chat/completions`, chatBody)).status).toBe(200);
    });
  });
});
