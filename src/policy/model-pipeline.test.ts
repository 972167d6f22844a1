import { describe, expect, it } from 'vitest';
import {
  connectionRefused,
  fail,
  hang,
  httpError,
  reply,
  replyParts,
  TestLanguageModel,
  type TestStep,
} from '../../test/policy/test-language-model.ts';
import { costOfUsage } from '../cost/cost-of-usage.ts';
import { ModelCallError } from '../errors/model-call-error.ts';
import { BudgetExceeded, CircuitOpen } from '../errors/policy-errors.ts';
import type { ModelPrice } from '../spec/cost.ts';
import type { Model, ModelPrompt, ModelStreamPart } from '../spec/model.ts';
import { type ManualClock, manualClock } from '../testing/manual-clock.ts';
import { createBreakers } from './breaker/create-breakers.ts';
import { createBudget } from './budget/create-budget.ts';
import type { ModelCallOutcome, ModelCallRequest } from './model-call-request.ts';
import { createModelPipeline, type ModelPipeline } from './model-pipeline.ts';
import type { PolicyEvent, RetryScheduledEvent } from './policy-event.ts';
import type {
  CallPolicies,
  CircuitBreakerOptions,
  RateLimitOptions,
  RetryOptions,
} from './policy-options.ts';
import { createRateLimits, type RateLimits } from './rate-limit/create-rate-limits.ts';

// Dollars per million tokens. No cache-write rate, so the worst case prices input at 2.
const PRICE: ModelPrice = { input: 2, output: 10 };
const PROMPT: ModelPrompt = [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }];
// `[{"role":"user","content":[{"type":"text","text":"Hi"}]}]` is 57 bytes: the input bound is 57 tokens.
const PROMPT_TOKENS = 57;
const MAX_OUTPUT = 100;
// 57 × $2/M + 100 × $10/M = $0.000114 + $0.001 = $0.001114.
const WORST_CASE_USD = 0.001114;
// 30 × $2/M + 20 × $10/M = $0.00006 + $0.0002 = $0.00026.
const USAGE = { input: 30, output: 20 };
const USAGE_USD = 0.00026;

/** Retries without waiting, so a test that is not about backoff never needs the clock. */
const NO_WAIT: RetryOptions = { maxAttempts: 3, backoff: 'constant', initialMs: 0, maxMs: 0, jitter: 0 };

interface Setup {
  readonly clock: ManualClock;
  readonly events: PolicyEvent[];
  readonly rateLimits: RateLimits;
  readonly pipeline: ModelPipeline;
  /** A test model on the setup's clock. */
  model(steps: readonly TestStep[], modelId?: string): TestLanguageModel;
  retries(): Array<Pick<RetryScheduledEvent, 'attempt' | 'delayMs' | 'fromRetryAfter' | 'errorKind'>>;
}

function setup(
  options: {
    readonly retry?: RetryOptions;
    readonly perModel?: Readonly<Record<string, RateLimitOptions>>;
    readonly breaker?: CircuitBreakerOptions;
    readonly fallbacks?: readonly Model[];
    /** Jitter draws; a test with jitter 0 proves they are ignored. */
    readonly random?: () => number;
  } = {},
): Setup {
  const clock = manualClock(0);
  const events: PolicyEvent[] = [];
  const onEvent = (event: PolicyEvent) => events.push(event);
  const rateLimits = createRateLimits({
    ...(options.perModel === undefined ? {} : { perModel: options.perModel }),
    clock,
    onEvent,
  });
  const fallbacks = new Map((options.fallbacks ?? []).map((model) => [model.modelId, model]));
  const pipeline = createModelPipeline({
    clock,
    random: options.random ?? (() => 0.99),
    rateLimits,
    breakers: createBreakers({
      clock,
      onEvent,
      ...(options.breaker === undefined ? {} : { defaults: options.breaker }),
    }),
    retry: options.retry ?? NO_WAIT,
    priceOf: () => PRICE,
    costOf: (model, usage) => costOfUsage(model.modelId, PRICE, usage),
    resolveModel(name) {
      const model = fallbacks.get(name);
      if (model === undefined) throw new Error(`no fallback model ${name}`);
      return model;
    },
    onEvent,
  });
  return {
    clock,
    events,
    rateLimits,
    pipeline,
    model: (steps, modelId = 'test-model') => new TestLanguageModel({ steps, clock, modelId }),
    retries: () =>
      events
        .filter((event): event is RetryScheduledEvent => event.type === 'retry-scheduled')
        .map(({ attempt, delayMs, fromRetryAfter, errorKind }) => ({
          attempt,
          delayMs,
          fromRetryAfter,
          errorKind,
        })),
  };
}

function request(model: Model, extra: Partial<ModelCallRequest> = {}): ModelCallRequest {
  return { model, options: { prompt: PROMPT, maxOutputTokens: MAX_OUTPUT }, key: 'run-1/1', ...extra };
}

/** Lets every promise callback already queued run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Whether `promise` has settled once everything queued has run, without moving the clock. */
async function stateOf(promise: Promise<unknown>): Promise<'pending' | 'fulfilled' | 'rejected'> {
  let state: 'pending' | 'fulfilled' | 'rejected' = 'pending';
  promise.then(
    () => {
      state = 'fulfilled';
    },
    () => {
      state = 'rejected';
    },
  );
  await flush();
  return state;
}

type Settled<T> =
  | { readonly ok: true; readonly value: T; readonly at: number }
  | { readonly ok: false; readonly error: unknown; readonly at: number };

/** Fires the clock's timers one at a time, in time order, until `promise` settles; notes the time then. */
async function settle<T>(clock: ManualClock, promise: Promise<T>): Promise<Settled<T>> {
  const box: { settled?: Settled<T> } = {};
  promise.then(
    (value) => {
      box.settled = { ok: true, value, at: clock.now() };
    },
    (error: unknown) => {
      box.settled = { ok: false, error, at: clock.now() };
    },
  );
  for (;;) {
    await flush();
    if (box.settled !== undefined) return box.settled;
    if ((await clock.runAll(1)) === 0) {
      await flush();
      if (box.settled !== undefined) return box.settled;
      throw new Error('The call is stuck: it has not settled and no timer is left.');
    }
  }
}

async function drive<T>(clock: ManualClock, promise: Promise<T>): Promise<{ value: T; at: number }> {
  const settled = await settle(clock, promise);
  if (!settled.ok) throw settled.error;
  return settled;
}

async function driveToFailure(clock: ManualClock, promise: Promise<unknown>) {
  const settled = await settle(clock, promise);
  if (settled.ok) throw new Error('Expected the call to fail.');
  return settled;
}

async function collect(
  stream: AsyncGenerator<ModelStreamPart, ModelCallOutcome>,
): Promise<{ parts: ModelStreamPart[]; outcome?: ModelCallOutcome; error?: unknown }> {
  const parts: ModelStreamPart[] = [];
  try {
    for (;;) {
      const next = await stream.next();
      if (next.done) return { parts, outcome: next.value };
      parts.push(next.value);
    }
  } catch (error) {
    return { parts, error };
  }
}

/** Undici's error for a socket the server closed, as `fetch` rejects a body read with it. */
function droppedSocket(): TypeError {
  const socket = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
  return new TypeError('terminated', { cause: socket });
}

describe('createModelPipeline: the order of the policies', () => {
  it('refuses a call whose worst case does not fit the budget at once, before it could queue for a rate limit', async () => {
    const { pipeline, model, rateLimits, events } = setup({
      perModel: { 'test-model': { requestsPerMinute: 1 } },
    });
    const target = model([reply(USAGE), reply(USAGE)]);
    // The first call takes the minute's only request; the second queues behind it for 60 s.
    await pipeline.generate(request(target, { key: 'first' }));
    const queued = pipeline.generate(request(target, { key: 'queued' }));
    expect(await stateOf(queued)).toBe('pending');
    const limiter = rateLimits.limiterFor('test', 'test-model');
    expect(limiter.stats()).toMatchObject({ queueDepth: 1, granted: 1, rejected: 0 });

    // Its worst case: 57 input tokens (the prompt's JSON bytes) and 100 of output, $0.001114.
    expect(Buffer.byteLength(JSON.stringify(PROMPT))).toBe(PROMPT_TOKENS);
    const budget = createBudget({ limitUsd: 0.001 });
    const refused = pipeline.generate(request(target, { key: 'over-budget', budget }));

    expect(await stateOf(refused)).toBe('rejected');
    const error = await refused.catch((caught: unknown) => caught);
    expect(BudgetExceeded.isBudgetExceeded(error)).toBe(true);
    expect(error).toMatchObject({ scope: 'run', limitUsd: 0.001, requestedUsd: WORST_CASE_USD });
    // Its place in the queue was never taken, and nothing reached the model.
    expect(limiter.stats()).toMatchObject({ queueDepth: 1, granted: 1, rejected: 0 });
    expect(target.calls).toHaveLength(1);
    expect(events.filter((event) => event.type === 'rate-limit-wait')).toEqual([]);
    expect(budget.reserved()).toBe(0);
  });

  it('refuses a call to an open circuit at once, without queueing it for a rate limit first', async () => {
    const { pipeline, model, rateLimits } = setup({
      perModel: { 'test-model': { requestsPerMinute: 1 } },
      breaker: { threshold: 1, resetAfterMs: 30_000, halfOpenMax: 1 },
      retry: { ...NO_WAIT, maxAttempts: 1 },
    });
    const target = model([fail(httpError(500)), reply(USAGE)]);
    // One failure opens the circuit; the attempt also used the minute's only request.
    await expect(pipeline.generate(request(target, { key: 'a' }))).rejects.toMatchObject({ kind: 'server' });

    const refused = pipeline.generate(request(target, { key: 'b' }));

    expect(await stateOf(refused)).toBe('rejected');
    expect(CircuitOpen.isCircuitOpen(await refused.catch((caught: unknown) => caught))).toBe(true);
    expect(rateLimits.limiterFor('test', 'test-model').stats()).toMatchObject({ queueDepth: 0, granted: 1 });
    expect(target.calls).toHaveLength(1);
  });

  it('acquires rate-limit permits again for every attempt', async () => {
    const { pipeline, model, clock, rateLimits } = setup({
      perModel: { 'test-model': { requestsPerMinute: 2 } },
    });
    const target = model([fail(httpError(500)), fail(httpError(503)), reply(USAGE)]);

    const { value: outcome } = await drive(clock, pipeline.generate(request(target)));

    // Two requests a minute: attempts 1 and 2 go at once, attempt 3 waits for a request to refill (30 s).
    expect(target.calls.map((call) => call.at)).toEqual([0, 0, 30_000]);
    expect(outcome).toMatchObject({ attempts: 3, waitedMs: 30_000 });
    expect(rateLimits.limiterFor('test', 'test-model').stats()).toMatchObject({ granted: 3, queueDepth: 0 });
  });
});

describe('createModelPipeline: retries', () => {
  it.each([
    {
      backoff: 'exponential',
      maxMs: 10_000,
      delays: [100, 200, 400, 800],
      at: [0, 100, 300, 700, 1_500],
    },
    { backoff: 'exponential', maxMs: 500, delays: [100, 200, 400, 500], at: [0, 100, 300, 700, 1_200] },
    {
      backoff: 'fibonacci',
      maxMs: 10_000,
      delays: [100, 100, 200, 300, 500],
      at: [0, 100, 200, 400, 700, 1_200],
    },
  ] as const)(
    'waits $delays between attempts with $backoff backoff (cap $maxMs, jitter 0), then fails with the last error',
    async ({ backoff, maxMs, delays, at }) => {
      const retry: RetryOptions = { maxAttempts: at.length, backoff, initialMs: 100, maxMs, jitter: 0 };
      // A breaker that stays closed: the default one opens after 5 failures.
      const breaker = { threshold: 100, resetAfterMs: 30_000, halfOpenMax: 1 };
      const { pipeline, model, clock, retries } = setup({ retry, breaker });
      const steps = at.map((_, index) => fail(httpError(index === at.length - 1 ? 529 : 500)));
      const target = model(steps);

      const { error } = await driveToFailure(clock, pipeline.generate(request(target)));

      expect(retries()).toEqual(
        delays.map((delayMs, index) => ({
          attempt: index + 1,
          delayMs,
          fromRetryAfter: false,
          errorKind: 'server',
        })),
      );
      expect(target.calls.map((call) => call.at)).toEqual(at);
      expect(error).toMatchObject({ kind: 'overloaded', status: 529 });
      expect(clock.pendingTimers()).toBe(0);
    },
  );

  it('lets Retry-After win over the computed delay, beyond the cap too', async () => {
    const retry: RetryOptions = {
      maxAttempts: 4,
      backoff: 'exponential',
      initialMs: 100,
      maxMs: 1_000,
      jitter: 0,
    };
    const { pipeline, model, clock, retries } = setup({ retry });
    const target = model([
      fail(httpError(429, { headers: { 'Retry-After': '3' } })),
      fail(httpError(503)),
      fail(httpError(429, { headers: { 'retry-after-ms': '2500', 'retry-after': '9' } })),
      reply(USAGE),
    ]);

    const { value: outcome } = await drive(clock, pipeline.generate(request(target)));

    expect(retries()).toEqual([
      { attempt: 1, delayMs: 3_000, fromRetryAfter: true, errorKind: 'rate_limit' },
      { attempt: 2, delayMs: 200, fromRetryAfter: false, errorKind: 'overloaded' },
      { attempt: 3, delayMs: 2_500, fromRetryAfter: true, errorKind: 'rate_limit' },
    ]);
    expect(target.calls.map((call) => call.at)).toEqual([0, 3_000, 3_200, 5_700]);
    expect(outcome.attempts).toBe(4);
  });

  it.each([
    ['a 429', httpError(429), 'rate_limit'],
    ['a 529', httpError(529, { type: 'overloaded_error' }), 'overloaded'],
    ['a 503', httpError(503), 'overloaded'],
    ['a 500', httpError(500), 'server'],
    ['a 408', httpError(408), 'timeout'],
    ['a 504', httpError(504), 'timeout'],
    ['a refused connection', connectionRefused(), 'connection'],
  ])('retries %s (%s)', async (_, error, kind) => {
    const { pipeline, model, retries } = setup();
    const target = model([fail(error), reply(USAGE)]);

    const outcome = await pipeline.generate(request(target));

    expect(outcome.attempts).toBe(2);
    expect(retries()).toEqual([{ attempt: 1, delayMs: 0, fromRetryAfter: false, errorKind: kind }]);
  });

  it.each([
    ['a 400', httpError(400, { type: 'invalid_request_error' }), 'invalid_request'],
    ['a 401', httpError(401, { type: 'authentication_error' }), 'authentication'],
    ['a 403', httpError(403, { type: 'permission_error' }), 'permission'],
    ['a 404', httpError(404, { type: 'not_found_error' }), 'not_found'],
    ['a context overflow', httpError(400, { type: 'context_length_exceeded' }), 'context_length'],
    ['a content filter', httpError(400, { type: 'content_filter' }), 'content_filter'],
  ])('sends %s (%s) once, releasing its reservation', async (_, error, kind) => {
    const { pipeline, model, retries } = setup();
    const target = model([fail(error), reply(USAGE)]);
    const budget = createBudget({ limitUsd: 1 });

    const caught = await pipeline.generate(request(target, { budget })).catch((failure: unknown) => failure);

    expect(caught).toMatchObject({ kind, retryable: false });
    expect(target.calls).toHaveLength(1);
    expect(retries()).toEqual([]);
    expect([budget.used(), budget.reserved()]).toEqual([0, 0]);
  });
});

describe('createModelPipeline: timeouts', () => {
  it('ends the call at its timeout when the next backoff would end past it, with no attempt after', async () => {
    const retry: RetryOptions = {
      maxAttempts: 10,
      backoff: 'constant',
      initialMs: 400,
      maxMs: 400,
      jitter: 0,
    };
    const { pipeline, model, clock } = setup({ retry });
    const target = model(Array.from({ length: 10 }, () => fail(httpError(500))));
    const budget = createBudget({ limitUsd: 1 });

    const { error, at } = await driveToFailure(
      clock,
      pipeline.generate(request(target, { budget, policies: { timeoutMs: 1_000 } })),
    );

    // Attempts at 0, 400 and 800; the backoff to 1,200 is cut short by the deadline at 1,000.
    expect(target.calls.map((call) => call.at)).toEqual([0, 400, 800]);
    expect(at).toBe(1_000);
    expect(ModelCallError.isModelCallError(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'timeout' });
    expect((error as Error).message).toContain('within the call timeout of 1000 ms');
    expect([budget.used(), budget.reserved()]).toEqual([0, 0]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('aborts an attempt in flight at the call timeout, and does not retry it', async () => {
    const { pipeline, model, clock } = setup();
    const target = model([hang(), reply(USAGE)]);

    const { error, at } = await driveToFailure(
      clock,
      pipeline.generate(request(target, { policies: { timeoutMs: 1_000 } })),
    );

    expect(at).toBe(1_000);
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(target.calls).toHaveLength(1);
    expect(target.calls[0]?.options.abortSignal?.aborted).toBe(true);
  });

  it('retries an attempt that outlived its attempt timeout', async () => {
    const { pipeline, model, clock, retries } = setup();
    const target = model([hang(), reply(USAGE)]);

    const { value: outcome } = await drive(
      clock,
      pipeline.generate(request(target, { policies: { attemptTimeoutMs: 250 } })),
    );

    expect(target.calls.map((call) => call.at)).toEqual([0, 250]);
    expect(retries()).toEqual([{ attempt: 1, delayMs: 0, fromRetryAfter: false, errorKind: 'timeout' }]);
    expect(outcome.attempts).toBe(2);
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('createModelPipeline: settlement', () => {
  it('reconciles rate-limit tokens to the actual usage; failed attempts give theirs back', async () => {
    const { pipeline, model, rateLimits } = setup({
      perModel: { 'test-model': { tokensPerMinute: 10_000 } },
    });
    const target = model([fail(httpError(500)), reply(USAGE)]);
    const limiter = rateLimits.limiterFor('test', 'test-model');

    // Each attempt holds 57 + 2,000 tokens while it runs; in the end only the 30 + 20 used stay taken.
    await pipeline.generate({ ...request(target), options: { prompt: PROMPT, maxOutputTokens: 2_000 } });

    const rest = await limiter.acquire({ tokens: 10_000 - 50 });
    expect(rest.waitedMs).toBe(0);
    const abort = new AbortController();
    const oneMore = limiter.acquire({ tokens: 1, signal: abort.signal });
    expect(await stateOf(oneMore)).toBe('pending');
    expect(limiter.stats().queueDepth).toBe(1);
    abort.abort(new Error('done'));
    await expect(oneMore).rejects.toThrow('done');
  });

  it('charges the actual cost in every scope up to the root and frees the hold', async () => {
    const { pipeline, model } = setup();
    const root = createBudget({ limitUsd: 1 });
    const agent = root.child('agent', { limitUsd: 0.01 });

    const outcome = await pipeline.generate(request(model([reply(USAGE)]), { budget: agent }));

    expect(outcome.cost.usd).toBe(USAGE_USD);
    expect([agent.used(), agent.reserved(), root.used(), root.reserved()]).toEqual([
      USAGE_USD,
      0,
      USAGE_USD,
      0,
    ]);
  });

  it('sends a budgeted call without max tokens with the default bound, so its worst case exists', async () => {
    const { pipeline, model } = setup();
    const target = model([reply(USAGE)]);

    await pipeline.generate({
      model: target,
      options: { prompt: PROMPT },
      key: 'k',
      budget: createBudget({ limitUsd: 1 }),
    });

    expect(target.calls[0]?.options.maxOutputTokens).toBe(4_096);
  });
});

describe('createModelPipeline: streams', () => {
  const START: ModelStreamPart[] = [
    { type: 'stream-start', warnings: [] },
    { type: 'response-metadata', id: 'response-0' },
    // Anthropic's adapter sends this at every `message_start`: metadata, not content.
    {
      type: 'custom',
      kind: 'anthropic.message_start',
      providerMetadata: { anthropic: { id: 'msg_0' } },
    },
  ];

  it.each([
    [
      'an error part',
      { error: { type: 'overloaded_error', message: 'Overloaded' }, asPart: true },
      'overloaded',
    ],
    ['a dropped socket', { error: droppedSocket(), asPart: false }, 'connection'],
  ])(
    'retries a stream that fails with %s before any content, holding metadata back',
    async (_, failure, kind) => {
      const { pipeline, model, retries } = setup();
      const target = model([{ kind: 'break', parts: START, ...failure }, reply(USAGE, 'Hello there')]);
      const budget = createBudget({ limitUsd: 1 });

      const { parts, outcome, error } = await collect(pipeline.stream(request(target, { budget })));

      expect(error).toBeUndefined();
      // Only the second attempt's parts reach the caller.
      expect(parts).toEqual(replyParts('Hello there', USAGE));
      expect(outcome).toMatchObject({ attempts: 2, cost: { usd: USAGE_USD } });
      expect(retries()).toEqual([{ attempt: 1, delayMs: 0, fromRetryAfter: false, errorKind: kind }]);
      expect([budget.used(), budget.reserved()]).toEqual([USAGE_USD, 0]);
    },
  );

  it('fails a stream that breaks after content reached the caller, without retry, charging its whole reservation', async () => {
    const { pipeline, model, retries, events } = setup();
    const content: ModelStreamPart[] = [
      ...START,
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'Hel' },
    ];
    const target = model([{ kind: 'break', parts: content, error: droppedSocket() }, reply(USAGE)]);
    const budget = createBudget({ limitUsd: 1 });

    const { parts, error } = await collect(pipeline.stream(request(target, { budget })));

    expect(parts).toEqual(content);
    expect(error).toMatchObject({ kind: 'connection' });
    expect(target.calls).toHaveLength(1);
    expect(retries()).toEqual([]);
    // What the provider billed for the broken stream is unknown: the worst case is charged.
    expect([budget.used(), budget.reserved()]).toEqual([WORST_CASE_USD, 0]);
    // Neither counted for nor against the breaker.
    expect(events.filter((event) => event.type === 'breaker-state')).toEqual([]);
  });

  it('charges the whole reservation of a stream its reader leaves early', async () => {
    const { pipeline, model } = setup();
    const budget = createBudget({ limitUsd: 1 });
    const stream = pipeline.stream(request(model([reply(USAGE, 'one two three')]), { budget }));

    for await (const part of stream) if (part.type === 'text-delta') break;

    expect([budget.used(), budget.reserved()]).toEqual([WORST_CASE_USD, 0]);
  });

  it('settles a finished stream to the usage of its finish part', async () => {
    const { pipeline, model } = setup();
    const budget = createBudget({ limitUsd: 1 });

    const { outcome } = await collect(pipeline.stream(request(model([reply(USAGE)]), { budget })));

    expect(outcome).toMatchObject({
      attempts: 1,
      usage: { inputTokens: 30, outputTokens: 20 },
      cost: { usd: USAGE_USD },
    });
    expect([budget.used(), budget.reserved()]).toEqual([USAGE_USD, 0]);
  });
});

describe('createModelPipeline: fallback models', () => {
  const policies: CallPolicies = { fallbackModels: ['backup-model'] };

  it('hands the call to the fallback when the primary’s retries are spent, charging only the answer', async () => {
    const backup = new TestLanguageModel({ modelId: 'backup-model', steps: [reply(USAGE)] });
    const { pipeline, model, events } = setup({ fallbacks: [backup], retry: { ...NO_WAIT, maxAttempts: 2 } });
    const primary = model([fail(httpError(500)), fail(httpError(529))]);
    const budget = createBudget({ limitUsd: 1 });

    const outcome = await pipeline.generate(request(primary, { budget, policies }));

    expect(outcome).toMatchObject({ model: backup, fallbackFrom: 'test-model', attempts: 3 });
    expect(events.filter((event) => event.type === 'model-fallback')).toEqual([
      {
        type: 'model-fallback',
        at: 0,
        from: 'test:test-model',
        to: 'test:backup-model',
        reason: 'overloaded',
      },
    ]);
    expect([budget.used(), budget.reserved()]).toEqual([USAGE_USD, 0]);
  });

  it('hands the call to the fallback when the primary’s circuit is open, sending the primary nothing', async () => {
    const backup = new TestLanguageModel({ modelId: 'backup-model', steps: [reply(USAGE)] });
    const { pipeline, model, events } = setup({
      fallbacks: [backup],
      breaker: { threshold: 1, resetAfterMs: 30_000, halfOpenMax: 1 },
      retry: { ...NO_WAIT, maxAttempts: 1 },
    });
    const primary = model([fail(httpError(500))]);
    await expect(pipeline.generate(request(primary, { key: 'opens' }))).rejects.toMatchObject({
      kind: 'server',
    });

    const outcome = await pipeline.generate(request(primary, { key: 'falls-back', policies }));

    expect(outcome).toMatchObject({ model: backup, fallbackFrom: 'test-model', attempts: 1 });
    expect(primary.calls).toHaveLength(1);
    expect(events.filter((event) => event.type === 'model-fallback')).toMatchObject([
      { reason: 'circuit open' },
    ]);
  });

  it('does not send a non-retryable failure to the fallback', async () => {
    const backup = new TestLanguageModel({ modelId: 'backup-model', steps: [reply(USAGE)] });
    const { pipeline, model } = setup({ fallbacks: [backup] });

    const error = await pipeline
      .generate(request(model([fail(httpError(401))]), { policies }))
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ kind: 'authentication' });
    expect(backup.calls).toHaveLength(0);
  });
});
