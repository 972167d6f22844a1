import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPriceTable } from '../../../src/cost/create-price-table.ts';
import type { RunContext } from '../../../src/durable/run-context.ts';
import { createRuntime, defineAgent, type Runtime } from '../../../src/index.ts';
import type { FixtureServer } from '../../../src/testing/index.ts';
import { manualClock, startFixtureServer } from '../../../src/testing/index.ts';
import { fixtureEnvironment } from '../../integration/trip-scenario.ts';
import { promtoolCheck, sampleOf } from './metrics-text.ts';

const MODEL = 'claude-haiku-4-5';
const NO_WAIT = { backoff: 'constant', initialMs: 0, maxMs: 0, jitter: 0 } as const;

let server: FixtureServer;
let runtime: Runtime | undefined;

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
  server.reset();
});

function metricsRuntime(options: { maxAttempts: number; threshold?: number }): Runtime {
  runtime = createRuntime({
    env: fixtureEnvironment(server),
    store: ':memory:',
    metrics: true,
    retry: { maxAttempts: options.maxAttempts, ...NO_WAIT },
    circuitBreaker: { threshold: options.threshold ?? 5, resetAfterMs: 30_000, halfOpenMax: 1 },
  });
  return runtime;
}

const writer = defineAgent({ name: 'writer', model: MODEL, system: 'You write.' });

describe('metrics of a runtime', () => {
  it('count model calls, tokens and cost by model, a retry after a 529 and a 429, over a real durable run', async () => {
    const vega = metricsRuntime({ maxAttempts: 3 });
    server.enqueue(
      { error: { status: 529, message: 'Overloaded' } },
      { text: 'draft', usage: { input: 100, output: 20, cacheRead: 40 } },
      { error: { status: 429, message: 'Slow down' } },
      { text: 'polished', usage: { input: 50, output: 10 } },
    );
    const outcome = await vega.run(async (ctx: RunContext) => {
      const draft = await ctx.agent(writer, 'Draft');
      const polished = await ctx.agent(writer, `Polish: ${draft.text}`);
      return polished.text;
    }, null);
    expect(outcome.output).toBe('polished');
    const text = await vega.metrics();
    const ok = { provider: 'anthropic', model: MODEL, outcome: 'ok' };
    expect(sampleOf(text, 'vega_model_calls_total', ok)).toBe(2);
    expect(sampleOf(text, 'vega_model_calls_total', { outcome: 'error' })).toBeUndefined();
    expect(sampleOf(text, 'vega_model_call_duration_seconds_count', { model: MODEL })).toBe(2);
    expect(sampleOf(text, 'vega_tokens_total', { model: MODEL, direction: 'input' })).toBe(150);
    expect(sampleOf(text, 'vega_tokens_total', { model: MODEL, direction: 'output' })).toBe(30);
    expect(sampleOf(text, 'vega_tokens_total', { model: MODEL, direction: 'cache_read' })).toBe(40);
    const prices = createPriceTable();
    const usage = (input: number, output: number, cacheRead: number) => ({
      inputTokens: input,
      outputTokens: output,
      cacheReadTokens: cacheRead,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
    const expected =
      (prices.costOf(MODEL, usage(100, 20, 40)).usd ?? 0) + (prices.costOf(MODEL, usage(50, 10, 0)).usd ?? 0);
    expect(expected).toBeGreaterThan(0);
    expect(sampleOf(text, 'vega_cost_usd_total', { model: MODEL })).toBeCloseTo(expected, 12);
    expect(sampleOf(text, 'vega_retries_total', { model: MODEL, error_kind: 'overloaded' })).toBe(1);
    expect(sampleOf(text, 'vega_retries_total', { model: MODEL, error_kind: 'rate_limit' })).toBe(1);
    expect(sampleOf(text, 'vega_model_rate_limited_total', { model: MODEL })).toBe(1);
    expect(sampleOf(text, 'vega_runs_started_total', { kind: 'function' })).toBe(1);
    expect(sampleOf(text, 'vega_runs_ended_total', { outcome: 'completed' })).toBe(1);
    const check = await promtoolCheck(text);
    expect(check.output).toBe('');
    expect(check.code).toBe(0);
  });

  it('show an open breaker, the failed call and the failed run, and serve them over HTTP', async () => {
    const vega = metricsRuntime({ maxAttempts: 2, threshold: 2 });
    server.enqueue(
      { error: { status: 529, message: 'Overloaded' } },
      { error: { status: 529, message: 'Overloaded' } },
    );
    await expect(
      vega.run(async (ctx: RunContext) => (await ctx.agent(writer, 'Draft')).text, null),
    ).rejects.toThrow();
    const endpoint = await vega.serveMetrics({ port: 0 });
    try {
      expect(endpoint.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const response = await fetch(endpoint.url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await response.text();
      const key = sampleKey(text, 'vega_breaker_state');
      expect(sampleOf(text, 'vega_breaker_state', { key, state: 'open' })).toBe(1);
      expect(sampleOf(text, 'vega_breaker_state', { key, state: 'closed' })).toBe(0);
      expect(sampleOf(text, 'vega_breaker_transitions_total', { key, state: 'open' })).toBe(1);
      expect(sampleOf(text, 'vega_model_calls_total', { model: MODEL, outcome: 'error' })).toBe(1);
      expect(
        sampleOf(text, 'vega_errors_total', {
          source: 'model_call',
          class: 'ModelCallError',
          code: 'overloaded',
        }),
      ).toBe(1);
      expect(sampleOf(text, 'vega_runs_ended_total', { outcome: 'failed' })).toBe(1);
      expect(
        sampleOf(text, 'vega_errors_total', {
          source: 'run',
          class: 'ModelCallError',
          code: 'model_call_failed',
        }),
      ).toBe(1);
      expect((await fetch(endpoint.url.replace('/metrics', '/other'))).status).toBe(404);
      const check = await promtoolCheck(text);
      expect(check.output).toBe('');
      expect(check.code).toBe(0);
    } finally {
      await endpoint.close();
    }
  });

  it('count a streamed call once it has ended, with its tokens', async () => {
    const vega = metricsRuntime({ maxAttempts: 2 });
    server.enqueue({
      text: 'streamed reply',
      chunks: ['streamed', ' reply'],
      usage: { input: 30, output: 7 },
    });
    const stream = writer.stream('Stream it', { environment: vega.environment });
    expect((await stream.result).text).toBe('streamed reply');
    const text = await vega.metrics();
    expect(sampleOf(text, 'vega_model_calls_total', { model: MODEL, outcome: 'ok' })).toBe(1);
    expect(sampleOf(text, 'vega_tokens_total', { model: MODEL, direction: 'output' })).toBe(7);
    // Read twice: what was handed over is not handed over again.
    expect(sampleOf(await vega.metrics(), 'vega_tokens_total', { model: MODEL, direction: 'input' })).toBe(
      30,
    );
  });

  it('show calls queued behind a rate limit and how long they waited (manual clock)', async () => {
    const clock = manualClock(Date.UTC(2026, 0, 1));
    runtime = createRuntime({
      env: fixtureEnvironment(server),
      store: ':memory:',
      metrics: true,
      clock,
      rateLimits: { perModel: { [MODEL]: { requestsPerMinute: 1 } }, learn: false },
    });
    const environment = runtime.environment;
    server.setHandler(() => ({ text: 'ok', usage: { input: 5, output: 1 } }));
    const calls = ['one', 'two', 'three'].map((prompt) => writer.run(prompt, { environment }));
    // One request a minute: the second and third wait a minute and two.
    expect(await clock.runAll()).toBeGreaterThan(0);
    await Promise.all(calls);
    const text = await runtime.metrics();
    const key = sampleKey(text, 'vega_rate_limit_queue_depth');
    expect(key).toContain(MODEL);
    expect(sampleOf(text, 'vega_rate_limit_wait_seconds_count', { key })).toBe(2);
    expect(sampleOf(text, 'vega_rate_limit_wait_seconds_sum', { key })).toBeGreaterThanOrEqual(60);
    expect(sampleOf(text, 'vega_rate_limit_wait_seconds_bucket', { key, le: '30' })).toBe(0);
    expect(sampleOf(text, 'vega_rate_limit_queue_depth', { key })).toBe(0);
    expect(sampleOf(text, 'vega_model_calls_total', { model: MODEL, outcome: 'ok' })).toBe(3);
  });

  it('are refused with metrics_disabled when the runtime has none', async () => {
    runtime = createRuntime({ env: fixtureEnvironment(server), store: ':memory:' });
    await expect(runtime.metrics()).rejects.toMatchObject({ code: 'metrics_disabled' });
  });
});

/** The `key` label of the first sample of `name`. */
function sampleKey(text: string, name: string): string {
  const line = text.split('\n').find((entry) => entry.startsWith(`${name}{`));
  const key = /key="([^"]*)"/.exec(line ?? '')?.[1];
  if (key === undefined) throw new Error(`no ${name} sample in:\n${text}`);
  return key;
}
