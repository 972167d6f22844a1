import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type FixtureServer,
  type RecordedRequest,
  startFixtureServer,
} from '../../src/testing/fixture-server/index.ts';
import { checkLatency, latencyMs } from '../../src/testing/fixture-server/latency.ts';
import { randomSequence } from './chaos-random.ts';
import { post } from './wire-client.ts';

const chatBody = { model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'Hi' }] };
const someRequest = { index: 3, stream: true } as RecordedRequest;

let server: FixtureServer;
beforeEach(async () => {
  server = await startFixtureServer();
});
afterEach(async () => {
  await server.close();
});

describe('latencyMs', () => {
  it('draws uniformly from the range with the injected random', () => {
    const random = randomSequence(0, 0.5, 0.999);
    const range = { minMs: 10, maxMs: 30 };

    expect([1, 2, 3].map(() => latencyMs(range, someRequest, random))).toEqual([10, 20, 29.98]);
  });

  it('asks a function per request and reads a negative or non-finite answer as 0', () => {
    expect(latencyMs((request) => request.index * 10, someRequest, Math.random)).toBe(30);
    expect(latencyMs(() => -5, someRequest, Math.random)).toBe(0);
    expect(latencyMs(() => Number.NaN, someRequest, Math.random)).toBe(0);
    expect(latencyMs(undefined, someRequest, randomSequence())).toBe(0);
  });

  it('refuses a range that is negative or upside down', () => {
    expect(() => checkLatency({ minMs: 40, maxMs: 5 })).toThrow(RangeError);
    expect(() => checkLatency({ minMs: -1, maxMs: 5 })).toThrow(RangeError);
    expect(() => checkLatency({ minMs: 0, maxMs: Number.POSITIVE_INFINITY })).toThrow(RangeError);
    expect(() => checkLatency({ minMs: 5, maxMs: 5 })).not.toThrow();
  });
});

describe('server latency', () => {
  it('waits before answering each model request, so a slower request answers after a later fast one', async () => {
    const seen: number[] = [];
    server.setLatency((request) => {
      seen.push(request.index);
      return request.index === 0 ? 40 : 0;
    });
    server.setHandler((request) => ({ text: `reply ${request.index}` }));
    const finished: number[] = [];
    const send = (index: number) =>
      post(`${server.url}/v1/chat/completions`, chatBody).then(() => finished.push(index));

    const slow = send(0);
    while (server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await send(1);
    await slow;

    expect(seen).toEqual([0, 1]);
    expect(finished).toEqual([1, 0]);
  });

  it('draws a range latency once per model request, not for unknown paths', async () => {
    const draws: number[] = [];
    const latencyServer = await startFixtureServer({
      latency: { minMs: 0, maxMs: 4 },
      random: () => {
        draws.push(0.5);
        return 0.5;
      },
      handler: () => ({ text: 'x' }),
    });
    try {
      await post(`${latencyServer.url}/v1/chat/completions`, chatBody);
      await post(`${latencyServer.url}/v1/messages`, { model: 'claude-haiku-4-5', messages: [] });
      await post(`${latencyServer.url}/v1/embeddings`, { input: 'x' });

      expect(draws).toHaveLength(2);
    } finally {
      await latencyServer.close();
    }
  });

  it('stops waiting once the latency is removed and refuses a bad range', async () => {
    expect(() => server.setLatency({ minMs: 10, maxMs: 1 })).toThrow(RangeError);
    server.setLatency({ minMs: 1, maxMs: 2 });
    server.setLatency(undefined);
    server.setHandler(() => ({ text: 'x' }));

    expect((await post(`${server.url}/v1/chat/completions`, chatBody)).status).toBe(200);
  });
});
