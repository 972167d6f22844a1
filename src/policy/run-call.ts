import { classifyModelError } from '../errors/classify-model-error.ts';
import { ModelCallError } from '../errors/model-call-error.ts';
import { CircuitOpen } from '../errors/policy-errors.ts';
import { VegaError } from '../errors/vega-error.ts';
import { noteRetry } from '../observe/tracing/model-call-span.ts';
import type { Clock } from '../spec/clock.ts';
import type { ModelPrice } from '../spec/cost.ts';
import type { Model, ModelCallOptions } from '../spec/model.ts';
import type { BreakerTicket } from './breaker/circuit-breaker.ts';
import type { Breakers } from './breaker/create-breakers.ts';
import type { BudgetReservation, BudgetScope } from './budget/budget-scope.ts';
import { type TimedSignal, timedSignal } from './call-timeouts.ts';
import {
  type CallTokenEstimate,
  DEFAULT_MAX_OUTPUT_TOKENS,
  estimateCallTokens,
} from './estimate-call-tokens.ts';
import type { ModelCallRequest } from './model-call-request.ts';
import type { PolicyEventListener } from './policy-event.ts';
import type { RetryOptions } from './policy-options.ts';
import type { RateLimiter, RatePermit } from './rate-limit/rate-limiter.ts';
import { readRateLimitHeaders } from './rate-limit/read-rate-limit-headers.ts';
import { backoffDelay } from './retry/backoff-delay.ts';
import { sleep } from './sleep.ts';
import { worstCaseCost } from './worst-case-cost.ts';

/** What the pipeline's stages share. */
export interface CallContext {
  readonly clock: Clock;
  readonly random: () => number;
  readonly retry: RetryOptions;
  readonly breakers: Breakers;
  /** The shared limiter of a provider/model. */
  limiterFor(model: Model): RateLimiter;
  /** The limiter of an agent that declares its own `rate_limit`. */
  agentLimiter(request: ModelCallRequest): RateLimiter | undefined;
  priceOf(model: Model): ModelPrice | undefined;
  resolveModel(name: string): Model;
  readonly onEvent: PolicyEventListener | undefined;
}

/** An attempt's result, and the response headers the limiter learns from. */
export interface Started<T> {
  readonly value: T;
  readonly headers: Record<string, string | undefined> | undefined;
}

/** A call that got through: everything it holds until it is settled. */
export interface CommittedCall<T> {
  readonly value: T;
  readonly model: Model;
  readonly ticket: BreakerTicket;
  readonly permits: readonly RatePermit[];
  readonly reservation: BudgetReservation | undefined;
  readonly tokens: CallTokenEstimate;
  readonly attempts: number;
  readonly fallbackFrom: string | undefined;
  readonly waitedMs: number;
  /** The signal the call runs under (caller, call deadline and attempt timeout). */
  readonly signal: AbortSignal;
  /** Turns a failure after the commit into the error to throw (the caller's abort, a timeout …). */
  failure(error: unknown): unknown;
  /** Clears the call's timers. */
  dispose(): void;
}

const NEVER_ABORTED = new AbortController().signal;

/**
 * Runs the pipeline up to the moment a model accepts the call: budget reservation (before any queue),
 * breaker, rate limits (re-acquired by every attempt), the attempt under its timeout, classified
 * retries with backoff where `Retry-After` wins, and fallback models when a circuit is open or the
 * retries of a model are spent. `start` makes one attempt; whatever it throws is classified. The
 * returned call still holds its reservation, permits and breaker ticket: the caller settles them.
 */
export async function runCall<T>(
  context: CallContext,
  request: ModelCallRequest,
  start: (model: Model, options: ModelCallOptions) => Promise<Started<T>>,
): Promise<CommittedCall<T>> {
  const policies = request.policies ?? {};
  const retry = policies.retry ?? context.retry;
  const callerSignal = request.options.abortSignal ?? NEVER_ABORTED;
  const deadline = timedSignal(callerSignal, policies.timeoutMs, context.clock);
  const fallbacks = policies.fallbackModels ?? [];
  let attempts = 0;
  let waitedMs = 0;
  let lastError: unknown;
  let committed = false;
  try {
    for (let index = 0; index <= fallbacks.length; index++) {
      const model = index === 0 ? request.model : context.resolveModel(fallbacks[index - 1] as string);
      if (index > 0) {
        context.onEvent?.({
          type: 'model-fallback',
          at: context.clock.now(),
          from: nameOf(request.model),
          to: nameOf(model),
          reason: reasonOf(lastError),
        });
      }
      const breaker = context.breakers.breakerFor(keyOf(model), policies.circuitBreaker);
      const modelLimiter = context.limiterFor(model);
      const agentLimiter = context.agentLimiter(request);
      const limiters = agentLimiter === undefined ? [modelLimiter] : [agentLimiter, modelLimiter];
      const options = withOutputBound(request);
      const tokens = estimateCallTokens(options);
      const reservation = await reserve(
        context,
        request,
        index === 0 ? request.key : `${request.key}~${model.modelId}`,
        model,
        tokens,
        deadline.signal,
      );
      let keep = false;
      try {
        for (let attempt = 1; ; attempt++) {
          const ticket = breaker.tryPass();
          if (ticket === undefined) {
            lastError = new CircuitOpen({
              key: breaker.key,
              retryAt: breaker.retryAt,
              now: context.clock.now(),
            });
            break;
          }
          attempts++;
          const permits: RatePermit[] = [];
          // Set once the permits are in: the attempt's timeout bounds the model call, not the queue.
          let attemptSignal: TimedSignal | undefined;
          let moved = false;
          try {
            for (const limiter of limiters) {
              const permit = await limiter.acquire({
                tokens: tokens.input + tokens.output,
                signal: deadline.signal,
                ...(policies.priority === undefined ? {} : { priority: policies.priority }),
              });
              permits.push(permit);
              waitedMs += permit.waitedMs;
            }
            const attemptNow = timedSignal(deadline.signal, policies.attemptTimeoutMs, context.clock);
            attemptSignal = attemptNow;
            const started = await start(model, { ...options, abortSignal: attemptNow.signal });
            observe(modelLimiter, started.headers, context.clock.now());
            keep = true;
            moved = true;
            committed = true;
            return {
              value: started.value,
              model,
              ticket,
              permits,
              reservation,
              tokens,
              attempts,
              fallbackFrom: index === 0 ? undefined : request.model.modelId,
              waitedMs,
              signal: attemptNow.signal,
              failure: (error) =>
                failureOf(error, model, context, callerSignal, deadline, attemptNow, policies),
              dispose() {
                attemptNow.dispose();
                deadline.dispose();
              },
            };
          } catch (raw) {
            for (const permit of permits) permit.reconcile(0);
            const error = failureOf(raw, model, context, callerSignal, deadline, attemptSignal, policies);
            // Failing in the queue (RateLimited, an abort, the call's deadline) says nothing of the provider.
            if (!ModelCallError.isModelCallError(error) || attemptSignal === undefined || deadline.timedOut) {
              ticket.neutral();
              throw error;
            }
            if (countsAgainstBreaker(error)) ticket.failure();
            else ticket.neutral();
            observe(modelLimiter, headersOf(error), context.clock.now());
            if (!error.retryable || deadline.signal.aborted) throw error;
            lastError = error;
            if (attempt >= retry.maxAttempts) break;
            // A failure that opened the circuit ends this model's attempts at once: no backoff for nothing.
            if (breaker.state === 'open') {
              lastError = new CircuitOpen({
                key: breaker.key,
                retryAt: breaker.retryAt,
                now: context.clock.now(),
                cause: error,
              });
              break;
            }
            const fromRetryAfter = error.retryAfterMs !== undefined;
            const delayMs =
              error.retryAfterMs ?? backoffDelay({ ...retry, type: retry.backoff }, attempt, context.random);
            context.onEvent?.({
              type: 'retry-scheduled',
              at: context.clock.now(),
              key: request.key,
              model: nameOf(model),
              attempt,
              delayMs,
              fromRetryAfter,
              errorKind: error.kind,
            });
            noteRetry(attempt, error.kind, delayMs);
            try {
              await sleep(context.clock, delayMs, deadline.signal);
            } catch (abort) {
              throw failureOf(abort, model, context, callerSignal, deadline, undefined, policies);
            }
          } finally {
            if (!moved) attemptSignal?.dispose();
          }
        }
      } finally {
        if (!keep) reservation?.release();
      }
    }
    throw lastError;
  } finally {
    if (!committed) deadline.dispose();
  }
}

/** A budgeted call is sent with an explicit output bound, so its reservation is a true worst case. */
function withOutputBound(request: ModelCallRequest): ModelCallOptions {
  const { options } = request;
  if (request.budget === undefined || options.maxOutputTokens !== undefined) return options;
  return { ...options, maxOutputTokens: DEFAULT_MAX_OUTPUT_TOKENS };
}

async function reserve(
  context: CallContext,
  request: ModelCallRequest,
  key: string,
  model: Model,
  tokens: CallTokenEstimate,
  signal: AbortSignal,
): Promise<BudgetReservation | undefined> {
  const scope: BudgetScope | undefined = request.budget;
  if (scope === undefined) return undefined;
  const price = context.priceOf(model);
  if (price === undefined) {
    if (scope.remaining() !== undefined) {
      throw new VegaError(
        'budget_unpriced_model',
        `Model ${nameOf(model)} has no known price, so a call to it cannot be held against budget '${scope.path}'.`,
        {
          hint: "Give its price (dollars per million tokens): createRuntime({ prices: { 'my-model': { input: 1, output: 2 } } }).",
        },
      );
    }
    return scope.reserve(key, 0, { signal });
  }
  return scope.reserve(key, worstCaseCost(price, tokens), { signal });
}

/** What a failed attempt amounts to: the caller's abort, a timeout of ours, or the classified model error. */
function failureOf(
  raw: unknown,
  model: Model,
  context: CallContext,
  callerSignal: AbortSignal,
  deadline: TimedSignal,
  attempt: TimedSignal | undefined,
  policies: { readonly timeoutMs?: number; readonly attemptTimeoutMs?: number },
): unknown {
  if (callerSignal.aborted) return callerSignal.reason;
  if (deadline.timedOut)
    return timeoutError(model, `within the call timeout of ${policies.timeoutMs} ms`, raw);
  if (attempt?.timedOut === true)
    return timeoutError(model, `within the attempt timeout of ${policies.attemptTimeoutMs} ms`, raw);
  if (VegaError.isInstance(raw) && !ModelCallError.isModelCallError(raw)) return raw;
  return classifyModelError(raw, {
    provider: model.provider,
    model: model.modelId,
    now: () => context.clock.now(),
  });
}

function timeoutError(model: Model, limit: string, cause: unknown): ModelCallError {
  return new ModelCallError({
    kind: 'timeout',
    provider: model.provider,
    model: model.modelId,
    message: `${nameOf(model)} did not answer ${limit}.`,
    hint: 'Raise the timeout, or ask for a shorter answer (lower max_tokens).',
    cause,
  });
}

/** Failures that say the provider is unwell; rate limits and the caller's own mistakes do not. */
export function countsAgainstBreaker(error: ModelCallError): boolean {
  return (
    error.kind === 'server' ||
    error.kind === 'overloaded' ||
    error.kind === 'timeout' ||
    error.kind === 'connection'
  );
}

function observe(
  limiter: RateLimiter,
  headers: Record<string, string | undefined> | undefined,
  now: number,
): void {
  if (headers === undefined) return;
  limiter.observe(readRateLimitHeaders(headers, now));
}

function headersOf(error: ModelCallError): Record<string, string | undefined> | undefined {
  const cause = error.cause as { responseHeaders?: Record<string, string> } | undefined;
  const headers = cause?.responseHeaders;
  if (headers !== undefined) return headers;
  return error.retryAfterMs === undefined ? undefined : { 'retry-after-ms': String(error.retryAfterMs) };
}

/** `provider/model` with the adapter suffix dropped: `anthropic/claude-sonnet-4-5`. */
export function keyOf(model: Model): string {
  return `${model.provider.split('.')[0]}/${model.modelId}`;
}

function nameOf(model: Model): string {
  return `${model.provider.split('.')[0]}:${model.modelId}`;
}

function reasonOf(error: unknown): string {
  if (CircuitOpen.isCircuitOpen(error)) return 'circuit open';
  if (ModelCallError.isModelCallError(error)) return error.kind;
  return 'failed';
}
