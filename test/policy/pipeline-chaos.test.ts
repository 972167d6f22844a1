/**
 * The model-call pipeline end to end: agents from `defineAgent`, a runtime from `createRuntime`, the real
 * AI SDK adapters (Anthropic Messages, OpenAI Responses and Chat Completions) and real HTTP to the fixture
 * server, which stages provider failures on the wire. Retry delays are 0–5 ms (or come from Retry-After),
 * and every test that needs time to pass (breaker reset, backoff, queues, attempt timeouts) runs the
 * runtime on a manual clock: the HTTP is real, the waiting is not.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AgentStreamPart,
  BudgetExceeded,
  CircuitOpen,
  createRuntime,
  defineAgent,
  ModelCallError,
  type RetryOptions,
  type Runtime,
  type RuntimeOptions,
} from '../../src/index.ts';
import { type FixtureServer, manualClock, startFixtureServer } from '../../src/testing/index.ts';
import { fixtureEnvironment } from '../integration/trip-scenario.ts';
import { closedPort, eventLog, until } from './pipeline-support.ts';

let server: FixtureServer;
beforeEach(async () => {
  server = await startFixtureServer();
});
afterEach(async () => {
  await server.close();
});

/** Retries 1 ms apart, so the tests stay fast and the `delayMs` of an event is known. */
const QUICK: RetryOptions = { maxAttempts: 3, backoff: 'constant', initialMs: 1, maxMs: 10, jitter: 0 };
/** Retries with no wait at all, for runtimes on a manual clock that nobody advances. */
const AT_ONCE: RetryOptions = { ...QUICK, initialMs: 0, maxMs: 0 };
const USAGE = { input: 12, output: 4 };

const FORMATS = [
  {
    api: 'Anthropic Messages',
    model: 'claude-sonnet-4-5',
    provider: 'anthropic.messages',
    path: '/v1/messages',
    name: 'anthropic:claude-sonnet-4-5',
    // Anthropic sends whole seconds.
    retryAfter: { headers: { 'retry-after': '0' }, ms: 0 },
  },
  {
    api: 'OpenAI Responses',
    model: 'gpt-4o-mini',
    provider: 'openai.responses',
    path: '/v1/responses',
    name: 'openai:gpt-4o-mini',
    // `retry-after-ms` (Azure OpenAI sends it) wins over `retry-after`.
    retryAfter: { headers: { 'retry-after-ms': '5', 'retry-after': '30' }, ms: 5 },
  },
  {
    api: 'OpenAI Chat Completions',
    model: 'openai-chat:gpt-4o-mini',
    provider: 'openai.chat',
    path: '/v1/chat/completions',
    name: 'openai:gpt-4o-mini',
    retryAfter: { headers: { 'retry-after-ms': '3' }, ms: 3 },
  },
] as const;

const OPENAI_FORMATS = FORMATS.filter((format) => format.api !== 'Anthropic Messages');

function runtimeFor(options: RuntimeOptions = {}): Runtime {
  return createRuntime({ env: fixtureEnvironment(server), retry: QUICK, ...options });
}

function agentFor(model: string, policies: { retry?: RetryOptions; fallbackModels?: string[] } = {}) {
  return defineAgent({ name: 'chaos', model, maxTokens: 64, policies: { retry: QUICK, ...policies } });
}

const failureOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('Expected the run to fail.');
    },
    (error: unknown) => error,
  );

const paths = () => server.requests.map((request) => request.path);

describe('retryable failures are retried, over HTTP through the real adapters', () => {
  describe.each(FORMATS)('$api', (format) => {
    it('retries a 429 after exactly the Retry-After the provider sent', async () => {
      const runtime = runtimeFor();
      const log = eventLog(runtime);
      server.enqueue(
        { error: { status: 429, message: 'Slow down', headers: format.retryAfter.headers } },
        { text: 'recovered', usage: USAGE },
      );
      // A computed delay of 5 s would stall the test: only the provider's Retry-After lets it pass.
      const retry: RetryOptions = { ...QUICK, initialMs: 5_000, maxMs: 5_000 };

      const result = await agentFor(format.model, { retry }).run('Hi', { environment: runtime.environment });

      expect(result.text).toBe('recovered');
      expect(result.modelCalls).toMatchObject([{ provider: format.provider, attempts: 2 }]);
      expect(log.retries()).toEqual([
        {
          type: 'retry-scheduled',
          at: expect.any(Number),
          key: expect.stringMatching(/\/t1$/),
          model: format.name,
          attempt: 1,
          delayMs: format.retryAfter.ms,
          fromRetryAfter: true,
          errorKind: 'rate_limit',
        },
      ]);
      expect(paths()).toEqual([format.path, format.path]);
    });

    it.each([
      [529, 'overloaded'],
      [503, 'overloaded'],
      [500, 'server'],
      [408, 'timeout'],
      [504, 'timeout'],
    ])('retries a %d (%s) after the computed backoff, then succeeds', async (status, kind) => {
      const runtime = runtimeFor();
      const log = eventLog(runtime);
      server.enqueue(
        { error: { status, message: `failure ${status}` } },
        { text: 'recovered', usage: USAGE },
      );

      const result = await agentFor(format.model).run('Hi', { environment: runtime.environment });

      expect(result.text).toBe('recovered');
      expect(result.modelCalls).toMatchObject([{ attempts: 2, usage: { inputTokens: 12, outputTokens: 4 } }]);
      expect(log.retries()).toMatchObject([
        { attempt: 1, delayMs: 1, fromRetryAfter: false, errorKind: kind },
      ]);
      expect(paths()).toEqual([format.path, format.path]);
    });

    it('fails with the last error once the retries are spent', async () => {
      const runtime = runtimeFor();
      const log = eventLog(runtime);
      server.enqueue(
        { error: { status: 500, message: 'first' } },
        { error: { status: 504, message: 'second' } },
        { error: { status: 503, message: 'third' } },
      );

      const error = await failureOf(agentFor(format.model).run('Hi', { environment: runtime.environment }));

      expect(ModelCallError.isModelCallError(error)).toBe(true);
      expect(error).toMatchObject({ kind: 'overloaded', status: 503, providerMessage: 'third' });
      expect(log.retries().map((event) => event.errorKind)).toEqual(['server', 'timeout']);
      expect(server.requests).toHaveLength(3);
    });
  });

  it.each([
    ['Anthropic Messages', 'claude-sonnet-4-5', 'ANTHROPIC_BASE_URL'],
    ['OpenAI Responses', 'gpt-4o-mini', 'OPENAI_BASE_URL'],
  ])('retries a refused connection (%s), then fails with a connection error', async (_, model, variable) => {
    const port = await closedPort();
    const runtime = createRuntime({
      env: { ...fixtureEnvironment(server), [variable]: `http://127.0.0.1:${port}/v1` },
    });
    const log = eventLog(runtime);

    const error = await failureOf(agentFor(model).run('Hi', { environment: runtime.environment }));

    expect(error).toMatchObject({ kind: 'connection', retryable: true, status: undefined });
    expect((error as ModelCallError).hint).toContain(variable);
    expect(log.retries()).toMatchObject([
      { attempt: 1, errorKind: 'connection' },
      { attempt: 2, errorKind: 'connection' },
    ]);
  });
});

describe('non-retryable failures are sent once', () => {
  interface Refusal {
    readonly format: (typeof FORMATS)[number];
    readonly status: number;
    readonly kind: string;
    /** The provider's error type, when not the default for the status. */
    readonly type?: string;
  }
  const cases: Refusal[] = [
    ...FORMATS.flatMap((format) => [
      { format, status: 400, kind: 'invalid_request' },
      { format, status: 401, kind: 'authentication' },
      { format, status: 403, kind: 'permission' },
    ]),
    // The fixture scripts an error's `type` only; OpenAI sends these in `code`, which classifies alike.
    ...OPENAI_FORMATS.flatMap((format) => [
      { format, status: 400, type: 'context_length_exceeded', kind: 'context_length' },
      { format, status: 400, type: 'content_filter', kind: 'content_filter' },
    ]),
  ];

  it.each(cases)('$format.api: a $status is $kind, not retried', async ({ format, status, kind, type }) => {
    const runtime = runtimeFor();
    const log = eventLog(runtime);
    server.enqueue(
      { error: { status, message: `refused ${status}`, ...(type === undefined ? {} : { type }) } },
      { text: 'must not be used' },
    );

    const error = await failureOf(agentFor(format.model).run('Hi', { environment: runtime.environment }));

    expect(ModelCallError.isModelCallError(error)).toBe(true);
    expect(error).toMatchObject({ kind, status, retryable: false, providerMessage: `refused ${status}` });
    expect(server.requests).toHaveLength(1);
    expect(log.retries()).toEqual([]);
    // The caller's own mistakes say nothing about the provider's health.
    expect(log.ofType('breaker-state')).toEqual([]);
  });
});

describe('the circuit breaker', () => {
  it('opens after `threshold` failures, refuses calls without a request, and closes after a good half-open trial', async () => {
    const start = Date.UTC(2026, 0, 1);
    const clock = manualClock(start);
    const runtime = runtimeFor({
      clock,
      circuitBreaker: { threshold: 2, resetAfterMs: 30_000, halfOpenMax: 1 },
    });
    const log = eventLog(runtime);
    const agent = agentFor('claude-sonnet-4-5', { retry: AT_ONCE });
    const run = () => failureOf(agent.run('Hi', { environment: runtime.environment }));

    // Attempt 1 (500) and attempt 2 (503) fail; the second failure opens the circuit, so the third
    // attempt is refused before any request: with no fallback, the run ends in CircuitOpen.
    server.enqueue({ error: { status: 500, message: 'one' } }, { error: { status: 503, message: 'two' } });
    const opened = await run();
    expect(CircuitOpen.isCircuitOpen(opened)).toBe(true);
    expect(opened).toMatchObject({ key: 'anthropic/claude-sonnet-4-5', retryAt: start + 30_000 });
    expect(server.requests).toHaveLength(2);

    // While open, a run is refused at once: no request.
    clock.advance(29_999);
    expect(CircuitOpen.isCircuitOpen(await run())).toBe(true);
    expect(server.requests).toHaveLength(2);

    // After reset_after one trial goes through; it fails, and the circuit opens again.
    clock.advance(1);
    server.enqueue({ error: { status: 500, message: 'still down' } });
    expect(CircuitOpen.isCircuitOpen(await run())).toBe(true);
    expect(server.requests).toHaveLength(3);

    // The next trial succeeds and closes it; calls flow again.
    clock.advance(30_000);
    server.enqueue({ text: 'back', usage: USAGE }, { text: 'again', usage: USAGE });
    expect((await agent.run('Hi', { environment: runtime.environment })).text).toBe('back');
    expect((await agent.run('Hi', { environment: runtime.environment })).text).toBe('again');

    expect(log.ofType('breaker-state').map(({ at, from, to }) => [at - start, from, to])).toEqual([
      [0, 'closed', 'open'],
      [30_000, 'open', 'half-open'],
      [30_000, 'half-open', 'open'],
      [60_000, 'open', 'half-open'],
      [60_000, 'half-open', 'closed'],
    ]);
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('fallback models', () => {
  it('answers from the fallback when the primary’s retries are spent, recording who answered', async () => {
    const runtime = runtimeFor();
    const log = eventLog(runtime);
    server.enqueue(
      { error: { status: 503, message: 'busy' } },
      { error: { status: 500, message: 'broken' } },
      { text: 'from the fallback', usage: USAGE },
    );
    const agent = agentFor('claude-sonnet-4-5', {
      retry: { ...QUICK, maxAttempts: 2 },
      fallbackModels: ['gpt-4o-mini'],
    });

    const result = await agent.run('Hi', { environment: runtime.environment });

    expect(result.text).toBe('from the fallback');
    expect(result.modelCalls).toEqual([
      expect.objectContaining({
        provider: 'openai.responses',
        model: 'gpt-4o-mini',
        fallbackFrom: 'claude-sonnet-4-5',
        attempts: 3,
      }),
    ]);
    // Priced as the model that answered: gpt-4o-mini at $0.15 / $0.60 per million tokens.
    expect(result.cost.usd).toBe((12 * 0.15 + 4 * 0.6) / 1_000_000);
    expect(log.ofType('model-fallback')).toEqual([
      {
        type: 'model-fallback',
        at: expect.any(Number),
        from: 'anthropic:claude-sonnet-4-5',
        to: 'openai:gpt-4o-mini',
        reason: 'server',
      },
    ]);
    expect(paths()).toEqual(['/v1/messages', '/v1/messages', '/v1/responses']);
  });

  it('goes straight to the fallback while the primary’s circuit is open', async () => {
    const runtime = runtimeFor({
      clock: manualClock(0),
      circuitBreaker: { threshold: 1, resetAfterMs: 60_000, halfOpenMax: 1 },
    });
    const log = eventLog(runtime);
    // An agent without a fallback fails once and so opens the shared circuit of claude-sonnet-4-5.
    server.enqueue({ error: { status: 500, message: 'down' } });
    await failureOf(
      agentFor('claude-sonnet-4-5', { retry: { ...AT_ONCE, maxAttempts: 1 } }).run('Hi', {
        environment: runtime.environment,
      }),
    );
    server.enqueue({ text: 'from the fallback', usage: USAGE });

    const result = await agentFor('claude-sonnet-4-5', {
      retry: AT_ONCE,
      fallbackModels: ['openai-chat:gpt-4o-mini'],
    }).run('Hi', { environment: runtime.environment });

    expect(result.modelCalls).toEqual([
      expect.objectContaining({
        provider: 'openai.chat',
        model: 'gpt-4o-mini',
        fallbackFrom: 'claude-sonnet-4-5',
        attempts: 1,
      }),
    ]);
    expect(log.ofType('model-fallback')).toMatchObject([{ reason: 'circuit open' }]);
    expect(paths()).toEqual(['/v1/messages', '/v1/chat/completions']);
  });

  it('does not send a non-retryable failure to the fallback', async () => {
    const runtime = runtimeFor();
    server.enqueue({ error: { status: 401, message: 'bad key' } }, { text: 'must not be used' });

    const error = await failureOf(
      agentFor('claude-sonnet-4-5', { fallbackModels: ['gpt-4o-mini'] }).run('Hi', {
        environment: runtime.environment,
      }),
    );

    expect(error).toMatchObject({ kind: 'authentication' });
    expect(paths()).toEqual(['/v1/messages']);
  });
});

describe('streamed calls', () => {
  async function collect(stream: AsyncIterable<AgentStreamPart>): Promise<AgentStreamPart[]> {
    const parts: AgentStreamPart[] = [];
    for await (const part of stream) parts.push(part);
    return parts;
  }
  const deltas = (parts: readonly AgentStreamPart[]) =>
    parts.flatMap((part) => (part.type === 'text-delta' ? [part.text] : []));

  it.each(FORMATS)(
    '$api: a stream refused before its first part is retried transparently',
    async (format) => {
      const runtime = runtimeFor();
      const log = eventLog(runtime);
      server.enqueue(
        { error: { status: 529, message: 'Overloaded' } },
        { text: 'Hello there, world', usage: USAGE },
      );
      const stream = agentFor(format.model).stream('Hi', { environment: runtime.environment });

      const parts = await collect(stream);

      expect(parts.map((part) => part.type).filter((type) => type !== 'text-delta')).toEqual([
        'turn-start',
        'usage',
        'turn-end',
        'run-end',
      ]);
      expect(deltas(parts).join('')).toBe('Hello there, world');
      expect((await stream.result).modelCalls).toMatchObject([{ attempts: 2 }]);
      expect(log.retries()).toMatchObject([{ errorKind: 'overloaded' }]);
      expect(server.requests.map((request) => request.stream)).toEqual([true, true]);
    },
  );

  it('a stream whose connection drops before any content is retried transparently', async () => {
    const runtime = runtimeFor();
    const log = eventLog(runtime);
    // The first attempt ends right after Anthropic's `message_start` event.
    server.enqueue(
      { text: 'Hello there, world', dropAfterEvents: 1 },
      { text: 'Hello there, world', usage: USAGE },
    );
    const stream = agentFor('claude-sonnet-4-5').stream('Hi', { environment: runtime.environment });

    const parts = await collect(stream);

    expect(parts.at(-1)?.type).toBe('run-end');
    expect(deltas(parts).join('')).toBe('Hello there, world');
    expect(log.retries()).toMatchObject([{ errorKind: 'connection' }]);
    expect(server.requests).toHaveLength(2);
  });

  it('a stream that drops after parts reached the caller fails, is not retried, and is charged its reservation', async () => {
    // Hand-written prices (dollars per million tokens), so the reservation is known exactly.
    const runtime = runtimeFor({ prices: { 'claude-sonnet-4-5': { input: 2, output: 10 } } });
    const log = eventLog(runtime);
    const run = runtime.budget.child('run', { limitUsd: 1 });
    // message_start, content_block_start, then two text deltas reach the caller before the drop.
    server.enqueue(
      { text: 'one two three four five', dropAfterEvents: 4 },
      { text: 'must not be used', usage: USAGE },
    );
    const stream = agentFor('claude-sonnet-4-5').stream('Hi', {
      environment: runtime.environment,
      budget: run,
    });

    const parts = await collect(stream);

    expect(deltas(parts).length).toBeGreaterThan(0);
    expect('one two three four five'.startsWith(deltas(parts).join(''))).toBe(true);
    const last = parts.at(-1);
    expect(last?.type).toBe('error');
    const error = await stream.result.catch((caught: unknown) => caught);
    expect(last).toEqual({ type: 'error', error });
    expect(ModelCallError.isModelCallError(error)).toBe(true);
    // A dropped connection, though it is retryable: parts had already reached the caller.
    expect(error).toMatchObject({ kind: 'connection', retryable: true });
    expect(server.requests).toHaveLength(1);
    expect(log.retries()).toEqual([]);
    // The reservation: the prompt `[{"role":"user","content":[{"type":"text","text":"Hi"}]}]` is 57
    // bytes, so at most 57 input tokens at $2/M, plus max_tokens 64 of output at $10/M:
    // 57 × 2 + 64 × 10 = 754 micro-dollars. What the provider billed for the broken stream is unknown.
    expect(run.used()).toBe(0.000754);
    expect(run.reserved()).toBe(0);
  });
});

describe('timeouts and aborts', () => {
  it('retries an attempt that outlives its attempt timeout, then succeeds', async () => {
    const clock = manualClock(0);
    const runtime = runtimeFor({ clock });
    const log = eventLog(runtime);
    // The first reply would come after 10 s of real time; the attempt timeout (on the manual clock) ends it.
    server.enqueue({ text: 'too late', delayMs: 10_000 }, { text: 'in time', usage: USAGE });
    const running = agentFor('claude-sonnet-4-5', { retry: AT_ONCE }).run('Hi', {
      environment: runtime.environment,
      policies: { attemptTimeoutMs: 1_000 },
    });

    await until(() => server.requests.length === 1);
    clock.advance(1_000);
    const result = await running;

    expect(result.text).toBe('in time');
    expect(result.modelCalls).toMatchObject([{ attempts: 2 }]);
    expect(log.retries()).toMatchObject([{ attempt: 1, errorKind: 'timeout', at: 1_000 }]);
    expect(server.requests).toHaveLength(2);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('rejects with the abort reason when the caller aborts while queued in a rate limiter', async () => {
    const clock = manualClock(0);
    const runtime = runtimeFor({
      clock,
      rateLimits: { perModel: { 'claude-sonnet-4-5': { requestsPerMinute: 1 } }, learn: false },
    });
    server.enqueue({ text: 'first', usage: USAGE }, { text: 'must not be used' });
    const agent = agentFor('claude-sonnet-4-5');
    await agent.run('Hi', { environment: runtime.environment });
    const limiter = runtime.pipeline.rateLimits.limiterFor('anthropic', 'claude-sonnet-4-5');
    const controller = new AbortController();
    const reason = new Error('the caller gave up');

    const queued = failureOf(
      agent.run('Hi', { environment: runtime.environment, signal: controller.signal }),
    );
    await until(() => limiter.stats().queueDepth === 1);
    controller.abort(reason);

    expect(await queued).toBe(reason);
    expect(limiter.stats()).toMatchObject({ queueDepth: 0, rejected: 1 });
    expect(server.requests).toHaveLength(1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('rejects with the abort reason when the caller aborts during a retry backoff', async () => {
    const clock = manualClock(0);
    const runtime = runtimeFor({ clock });
    const log = eventLog(runtime);
    server.enqueue({ error: { status: 500, message: 'down' } }, { text: 'must not be used' });
    const controller = new AbortController();
    const reason = new Error('the caller gave up');
    const retry: RetryOptions = { ...QUICK, initialMs: 60_000, maxMs: 60_000 };

    const sleeping = failureOf(
      agentFor('claude-sonnet-4-5', { retry }).run('Hi', {
        environment: runtime.environment,
        signal: controller.signal,
      }),
    );
    expect(await log.next('retry-scheduled')).toMatchObject({ delayMs: 60_000 });
    controller.abort(reason);

    expect(await sleeping).toBe(reason);
    expect(server.requests).toHaveLength(1);
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('limits the provider enforces', () => {
  /** A runtime and a fixture server that keep time on the same manual clock. */
  async function onOneClock(learn: boolean) {
    await server.close();
    const clock = manualClock(Date.UTC(2026, 0, 1));
    server = await startFixtureServer({ clock, limits: { requestsPerMinute: 1 } });
    const runtime = runtimeFor({ clock, rateLimits: { learn } });
    return { clock, runtime, log: eventLog(runtime), agent: agentFor('claude-sonnet-4-5') };
  }

  it('honours the Retry-After of an enforced limit’s 429, then gets through', async () => {
    const { clock, runtime, log, agent } = await onOneClock(false);
    server.setHandler(() => ({ text: 'ok', usage: USAGE }));
    await agent.run('Hi', { environment: runtime.environment });

    const second = agent.run('Hi', { environment: runtime.environment });
    // One request a minute: the server refuses the second with retry-after 60 (seconds).
    expect(await log.next('retry-scheduled')).toMatchObject({
      delayMs: 60_000,
      fromRetryAfter: true,
      errorKind: 'rate_limit',
    });
    clock.advance(61_000);

    expect((await second).modelCalls).toMatchObject([{ attempts: 2 }]);
    expect(server.stats()).toMatchObject({ requests: 3, answered429: 1 });
  });

  it('learns the limit from the response headers and waits in its own queue instead of drawing a 429', async () => {
    const { clock, runtime, log, agent } = await onOneClock(true);
    server.setHandler(() => ({ text: 'ok', usage: USAGE }));
    await agent.run('Hi', { environment: runtime.environment });
    expect(log.ofType('rate-limit-learned')).toMatchObject([{ requestsPerMinute: 1 }]);

    const second = agent.run('Hi', { environment: runtime.environment });
    const limiter = runtime.pipeline.rateLimits.limiterFor('anthropic', 'claude-sonnet-4-5');
    await until(() => limiter.stats().queueDepth === 1);
    clock.advance(61_000);

    const result = await second;
    expect(result.modelCalls).toMatchObject([{ attempts: 1 }]);
    expect(result.modelCalls[0]?.waitedMs).toBeGreaterThanOrEqual(60_000);
    expect(server.stats()).toMatchObject({ requests: 2, answered429: 0 });
  });
});

describe('budgets over HTTP', () => {
  it('refuses a run whose worst case does not fit before any request is sent', async () => {
    const runtime = runtimeFor({ prices: { 'claude-sonnet-4-5': { input: 2, output: 10 } } });
    // 754 micro-dollars are needed (see above); 700 are there.
    const run = runtime.budget.child('run', { limitUsd: 0.0007 });

    const error = await failureOf(
      agentFor('claude-sonnet-4-5').run('Hi', { environment: runtime.environment, budget: run }),
    );

    expect(BudgetExceeded.isBudgetExceeded(error)).toBe(true);
    expect(error).toMatchObject({ scope: 'global/run', requestedUsd: 0.000754 });
    expect(server.requests).toHaveLength(0);
  });
});
