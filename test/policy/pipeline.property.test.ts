/**
 * The model-call pipeline against a model of what it must do. Random budget trees; random calls, all
 * started at once, each through a test-double model that fails with random retryable or non-retryable
 * errors (or, streamed, breaks after content) before answering with random usage no larger than the
 * call's worst case. Retries wait 0 ms, so the manual clock never needs to move.
 *
 * Properties:
 * - no scope with a limit ever has more spent plus held than its limit (checked while calls are in
 *   flight and at the end);
 * - at the end nothing is held anywhere;
 * - every scope's spend is exactly the sum, in nano-dollars, of the actual costs of the calls charged to
 *   it or below it that succeeded, plus the worst case of streams that broke after content reached the
 *   caller: retries never count twice, failed attempts cost nothing;
 * - every call either succeeded once (one answer served, after exactly the failures its script holds)
 *   or failed with a classified error: `BudgetExceeded` before any attempt, or a `ModelCallError` of the
 *   kind its last attempt failed with.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { costOfUsage } from '../../src/cost/cost-of-usage.ts';
import { toNanoDollars } from '../../src/cost/nano-dollars.ts';
import { ModelCallError } from '../../src/errors/model-call-error.ts';
import { BudgetExceeded } from '../../src/errors/policy-errors.ts';
import { createBreakers } from '../../src/policy/breaker/create-breakers.ts';
import type { BudgetScope } from '../../src/policy/budget/budget-scope.ts';
import { createBudget } from '../../src/policy/budget/create-budget.ts';
import type { ModelCallOutcome } from '../../src/policy/model-call-request.ts';
import { createModelPipeline } from '../../src/policy/model-pipeline.ts';
import { createRateLimits } from '../../src/policy/rate-limit/create-rate-limits.ts';
import type { ModelPrice } from '../../src/spec/cost.ts';
import type { ModelPrompt, ModelStreamPart } from '../../src/spec/model.ts';
import { manualClock } from '../../src/testing/manual-clock.ts';
import {
  connectionRefused,
  fail,
  httpError,
  reply,
  type TestCall,
  TestLanguageModel,
  type TestStep,
} from './test-language-model.ts';

// $2 and $10 per million tokens: 2,000 and 10,000 nano-dollars per token.
const PRICE: ModelPrice = { input: 2, output: 10 };
const INPUT_NANO = 2_000;
const OUTPUT_NANO = 10_000;

const RETRYABLE = {
  0: 'connection',
  408: 'timeout',
  429: 'rate_limit',
  500: 'server',
  503: 'overloaded',
  504: 'timeout',
  529: 'overloaded',
} as const;
const FATAL = { 400: 'invalid_request', 401: 'authentication', 403: 'permission', 404: 'not_found' } as const;
type RetryableStatus = keyof typeof RETRYABLE;
type FatalStatus = keyof typeof FATAL;

/** What one attempt of a call does. */
type Attempt =
  | { readonly type: 'ok'; readonly inputSeed: number; readonly outputSeed: number }
  | { readonly type: 'retryable'; readonly status: RetryableStatus }
  | { readonly type: 'fatal'; readonly status: FatalStatus }
  /** A stream that breaks after content reached the caller (a generated call fails with a 503). */
  | { readonly type: 'broken' };

interface CallSpec {
  readonly scope: number;
  readonly text: string;
  readonly maxOutput: number;
  readonly maxAttempts: number;
  readonly streamed: boolean;
  /** Event-loop turns the model waits before each answer, so calls interleave. */
  readonly delays: readonly number[];
  readonly attempts: readonly Attempt[];
}

interface ScopeSpec {
  /** An index among the scopes before it (modulo their number). */
  readonly parent: number;
  /** Micro-dollars; absent means the scope only counts. */
  readonly limitMicro: number | undefined;
}

const attemptArbitrary: fc.Arbitrary<Attempt> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ type: fc.constant('ok' as const), inputSeed: fc.nat(), outputSeed: fc.nat() }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('retryable' as const),
      status: fc.constantFrom<RetryableStatus>(0, 408, 429, 500, 503, 504, 529),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('fatal' as const),
      status: fc.constantFrom<FatalStatus>(400, 401, 403, 404),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ type: 'broken' as const }) },
);

const callArbitrary: fc.Arbitrary<CallSpec> = fc.record({
  scope: fc.nat(),
  text: fc.string({ unit: 'binary', maxLength: 12 }),
  maxOutput: fc.integer({ min: 1, max: 400 }),
  maxAttempts: fc.integer({ min: 1, max: 4 }),
  streamed: fc.boolean(),
  delays: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 4 }),
  attempts: fc.array(attemptArbitrary, { minLength: 1, maxLength: 4 }),
});

const scopesArbitrary: fc.Arbitrary<ScopeSpec[]> = fc.array(
  fc.record({
    parent: fc.nat(),
    limitMicro: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
  }),
  { minLength: 1, maxLength: 6 },
);

/** What the model says must happen to one call, once it holds its reservation. */
interface Expected {
  readonly attempts: number;
  readonly outcome:
    | { readonly type: 'success'; readonly input: number; readonly output: number }
    | { readonly type: 'failure'; readonly kind: string }
    | { readonly type: 'broken'; readonly kind: string };
}

function promptOf(text: string): ModelPrompt {
  return [{ role: 'user', content: [{ type: 'text', text }] }];
}

/** The worst case of a call, in nano-dollars: its prompt's UTF-8 JSON bytes as input, max output. */
function worstCaseNano(call: CallSpec): number {
  return Buffer.byteLength(JSON.stringify(promptOf(call.text))) * INPUT_NANO + call.maxOutput * OUTPUT_NANO;
}

function usageOf(call: CallSpec, attempt: Extract<Attempt, { type: 'ok' }>) {
  const inputBound = Buffer.byteLength(JSON.stringify(promptOf(call.text)));
  return { input: attempt.inputSeed % (inputBound + 1), output: attempt.outputSeed % (call.maxOutput + 1) };
}

/** The attempt a call's script gives for attempt number `index` (0-based): past the script, an answer. */
function attemptAt(call: CallSpec, index: number): Attempt {
  return call.attempts[index] ?? { type: 'ok', inputSeed: 0, outputSeed: 0 };
}

function expected(call: CallSpec): Expected {
  for (let index = 0; ; index++) {
    const attempt = attemptAt(call, index);
    const attempts = index + 1;
    switch (attempt.type) {
      case 'ok':
        return { attempts, outcome: { type: 'success', ...usageOf(call, attempt) } };
      case 'fatal':
        return { attempts, outcome: { type: 'failure', kind: FATAL[attempt.status] } };
      case 'broken':
        if (call.streamed) return { attempts, outcome: { type: 'broken', kind: 'connection' } };
        if (attempts >= call.maxAttempts)
          return { attempts, outcome: { type: 'failure', kind: 'overloaded' } };
        break;
      case 'retryable':
        if (attempts >= call.maxAttempts)
          return { attempts, outcome: { type: 'failure', kind: RETRYABLE[attempt.status] } };
        break;
    }
  }
}

const START: ModelStreamPart[] = [
  { type: 'stream-start', warnings: [] },
  { type: 'response-metadata', id: 'r' },
];

/** Undici's error for a socket the server closed mid-body. */
function droppedSocket(): TypeError {
  return new TypeError('terminated', {
    cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
  });
}

/** The test model's step for an attempt. */
function stepOf(call: CallSpec, attempt: Attempt): TestStep {
  switch (attempt.type) {
    case 'ok':
      return reply(usageOf(call, attempt));
    case 'fatal':
      return fail(httpError(attempt.status));
    case 'retryable':
      if (attempt.status === 0) return fail(connectionRefused());
      // A streamed 529 arrives as an `error` part before any content, as Anthropic's overloaded stream does.
      if (call.streamed && attempt.status === 529)
        return {
          kind: 'break',
          parts: START,
          error: { type: 'overloaded_error', message: 'Overloaded' },
          asPart: true,
        };
      return fail(
        httpError(attempt.status, attempt.status === 429 ? { headers: { 'retry-after': '0' } } : {}),
      );
    case 'broken':
      if (!call.streamed) return fail(httpError(503));
      return {
        kind: 'break',
        parts: [...START, { type: 'text-start', id: 't' }, { type: 'text-delta', id: 't', delta: 'partial' }],
        error: droppedSocket(),
      };
  }
}

const turns = async (count: number) => {
  for (let turn = 0; turn < count; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
};

async function consume(stream: AsyncGenerator<ModelStreamPart, ModelCallOutcome>): Promise<ModelCallOutcome> {
  for (;;) {
    const next = await stream.next();
    if (next.done) return next.value;
  }
}

describe('the model-call pipeline, against a model of budgets, retries and failures', () => {
  it('never overspends, releases every hold, charges exactly once per success, and classifies every failure', async () => {
    await fc.assert(
      fc.asyncProperty(
        scopesArbitrary,
        fc.array(callArbitrary, { minLength: 1, maxLength: 12 }),
        async (scopeSpecs, calls) => {
          const clock = manualClock(0);
          // The budget tree: scope 0 is the root, every other scope hangs under an earlier one.
          const scopes: BudgetScope[] = [];
          const parents: Array<number | undefined> = [];
          scopeSpecs.forEach((spec, index) => {
            const options = spec.limitMicro === undefined ? {} : { limitUsd: spec.limitMicro / 1_000_000 };
            const parent = index === 0 ? undefined : spec.parent % index;
            parents.push(parent);
            scopes.push(
              parent === undefined
                ? createBudget({ name: 'root', clock, ...options })
                : (scopes[parent] as BudgetScope).child(`s${index}`, options),
            );
          });
          const limitsHold = () =>
            scopes.every((scope) => {
              const limit = scope.limit();
              return (
                limit === undefined ||
                toNanoDollars(scope.used()) + toNanoDollars(scope.reserved()) <= toNanoDollars(limit)
              );
            });
          let limitsHeldThroughout = true;

          const pipeline = createModelPipeline({
            clock,
            random: () => 0.5,
            rateLimits: createRateLimits({ clock }),
            // A breaker that never opens, so each call's attempts follow its own script.
            breakers: createBreakers({
              clock,
              defaults: { threshold: 1_000_000, resetAfterMs: 1, halfOpenMax: 1 },
            }),
            priceOf: () => PRICE,
            costOf: (model, usage) => costOfUsage(model.modelId, PRICE, usage),
            resolveModel: (name) => {
              throw new Error(`no fallback ${name}`);
            },
          });

          const models = calls.map(
            (call) =>
              new TestLanguageModel({
                clock,
                steps: async ({ index }: TestCall) => {
                  await turns(call.delays[index % call.delays.length] ?? 0);
                  if (!limitsHold()) limitsHeldThroughout = false;
                  return stepOf(call, attemptAt(call, index));
                },
              }),
          );

          const outcomes = await Promise.allSettled(
            calls.map((call, index) => {
              const request = {
                model: models[index] as TestLanguageModel,
                options: { prompt: promptOf(call.text), maxOutputTokens: call.maxOutput },
                key: `call-${index}`,
                budget: scopes[call.scope % scopes.length] as BudgetScope,
                policies: {
                  retry: {
                    maxAttempts: call.maxAttempts,
                    backoff: 'exponential',
                    initialMs: 0,
                    maxMs: 0,
                    jitter: 0,
                  },
                },
              } as const;
              return call.streamed ? consume(pipeline.stream(request)) : pipeline.generate(request);
            }),
          );

          expect(limitsHeldThroughout).toBe(true);
          expect(limitsHold()).toBe(true);
          const chargedNano = new Array<number>(scopes.length).fill(0);
          outcomes.forEach((outcome, index) => {
            const call = calls[index] as CallSpec;
            const model = models[index] as TestLanguageModel;
            const want = expected(call);
            let charged = 0;
            if (outcome.status === 'rejected' && BudgetExceeded.isBudgetExceeded(outcome.reason)) {
              // Refused before any attempt: nothing was sent.
              expect(model.calls).toHaveLength(0);
            } else {
              expect(model.calls).toHaveLength(want.attempts);
              if (want.outcome.type === 'success') {
                expect(outcome.status).toBe('fulfilled');
                const value = (outcome as PromiseFulfilledResult<ModelCallOutcome>).value;
                expect(value.attempts).toBe(want.attempts);
                expect(value.usage).toMatchObject({
                  inputTokens: want.outcome.input,
                  outputTokens: want.outcome.output,
                });
                charged = want.outcome.input * INPUT_NANO + want.outcome.output * OUTPUT_NANO;
                expect(toNanoDollars(value.cost.usd ?? Number.NaN)).toBe(charged);
              } else {
                expect(outcome.status).toBe('rejected');
                const error = (outcome as PromiseRejectedResult).reason;
                expect(ModelCallError.isModelCallError(error)).toBe(true);
                expect((error as ModelCallError).kind).toBe(want.outcome.kind);
                // A stream that broke after content is charged its whole reservation.
                if (want.outcome.type === 'broken') charged = worstCaseNano(call);
              }
            }
            for (
              let scope: number | undefined = call.scope % scopes.length;
              scope !== undefined;
              scope = parents[scope]
            )
              chargedNano[scope] = (chargedNano[scope] as number) + charged;
          });
          scopes.forEach((scope, index) => {
            expect(toNanoDollars(scope.used())).toBe(chargedNano[index]);
            expect(scope.reserved()).toBe(0);
          });
          expect(clock.pendingTimers()).toBe(0);
        },
      ),
      { numRuns: 100 },
    );
  });
});
