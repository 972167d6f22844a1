import { context as otelContext, trace as otelTrace, type Span } from '@opentelemetry/api';
import { ModelCallError } from '../errors/model-call-error.ts';
import { endModelCallSpan, startModelCallSpan } from '../observe/tracing/model-call-span.ts';
import { recordSpanError } from '../observe/tracing/record-span-error.ts';
import type { Clock } from '../spec/clock.ts';
import type { Cost, ModelPrice } from '../spec/cost.ts';
import type { Model, ModelGenerateResult, ModelStreamPart } from '../spec/model.ts';
import { type Usage, usageFromModel, ZERO_USAGE } from '../spec/usage.ts';
import type { Breakers } from './breaker/create-breakers.ts';
import type { ModelCallOutcome, ModelCallRequest } from './model-call-request.ts';
import type { PolicyEventListener } from './policy-event.ts';
import { DEFAULT_RETRY, type RetryOptions } from './policy-options.ts';
import { createRateLimiter } from './rate-limit/create-rate-limiter.ts';
import type { RateLimits } from './rate-limit/create-rate-limits.ts';
import type { RateLimiter } from './rate-limit/rate-limiter.ts';
import { type CallContext, type CommittedCall, countsAgainstBreaker, runCall } from './run-call.ts';

/** The parts of a runtime the pipeline works with. */
export interface ModelPipelineOptions {
  readonly clock: Clock;
  /** Source of retry jitter, in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  readonly rateLimits: RateLimits;
  readonly breakers: Breakers;
  /** Retries of calls whose policies set none. Default {@link DEFAULT_RETRY}. */
  readonly retry?: RetryOptions;
  /** A model's price, for reservations; `undefined` when unknown. */
  priceOf(model: Model): ModelPrice | undefined;
  /** What a call's usage cost, for settlement and reports. */
  costOf(model: Model, usage: Usage): Cost;
  /** Resolves fallback model names. */
  resolveModel(name: string): Model;
  readonly onEvent?: PolicyEventListener;
}

/**
 * The one path every model call takes: budget reservation → rate limits → circuit breaker → retry →
 * timeout → the model, then settlement of budget, rate-limit tokens and breaker. See
 * `docs/decisions/0007-the-model-call-pipeline.md`.
 *
 * @example
 * const pipeline = createModelPipeline({ clock, rateLimits, breakers, priceOf, costOf, resolveModel });
 * const { result, cost } = await pipeline.generate({ model, options, key: 'run-1/call-1', budget });
 */
export interface ModelPipeline {
  readonly rateLimits: RateLimits;
  readonly breakers: Breakers;
  /** One call; the result comes with what it cost and which model answered. */
  generate(request: ModelCallRequest): Promise<ModelCallOutcome & { readonly result: ModelGenerateResult }>;
  /**
   * One streamed call: yields the model's parts and returns what it came to. A failure before the first
   * part reaches the caller is retried like any call; after that it is final, and the call is charged
   * its reservation, since what the provider billed for a broken stream is not known.
   */
  stream(request: ModelCallRequest): AsyncGenerator<ModelStreamPart, ModelCallOutcome>;
}

/**
 * Builds the pipeline of a runtime.
 *
 * @example
 * const pipeline = createModelPipeline({
 *   clock: systemClock,
 *   rateLimits: createRateLimits({ learn: true }),
 *   breakers: createBreakers({ clock: systemClock }),
 *   priceOf: (model) => prices.priceOf(model.modelId),
 *   costOf: (model, usage) => prices.costOf(model.modelId, usage),
 *   resolveModel: (name) => registry.resolve(name),
 * });
 */
export function createModelPipeline(options: ModelPipelineOptions): ModelPipeline {
  const agentLimiters = new Map<string, RateLimiter>();
  const context: CallContext = {
    clock: options.clock,
    random: options.random ?? Math.random,
    retry: options.retry ?? DEFAULT_RETRY,
    breakers: options.breakers,
    limiterFor: (model) => {
      const [provider = model.provider] = model.provider.split('.');
      return options.rateLimits.limiterFor(provider, model.modelId);
    },
    agentLimiter(request) {
      const limits = request.policies?.rateLimit;
      if (limits === undefined) return undefined;
      const key = `agent:${request.agent ?? 'anonymous'}`;
      let limiter = agentLimiters.get(key);
      if (limiter === undefined) {
        limiter = createRateLimiter({
          ...limits,
          key,
          clock: options.clock,
          ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
        });
        agentLimiters.set(key, limiter);
      }
      return limiter;
    },
    priceOf: options.priceOf,
    resolveModel: options.resolveModel,
    onEvent: options.onEvent,
  };

  const settle = <T>(call: CommittedCall<T>, usage: Usage): ModelCallOutcome => {
    call.dispose();
    call.ticket.success();
    const tokens = usage.inputTokens + usage.outputTokens;
    for (const permit of call.permits) permit.reconcile(tokens);
    const cost = options.costOf(call.model, usage);
    call.reservation?.settle(cost.usd ?? 0);
    return {
      model: call.model,
      usage,
      cost,
      attempts: call.attempts,
      waitedMs: call.waitedMs,
      ...(call.fallbackFrom === undefined ? {} : { fallbackFrom: call.fallbackFrom }),
    };
  };

  return {
    rateLimits: options.rateLimits,
    breakers: options.breakers,
    async generate(request) {
      const span = startModelCallSpan(request);
      const run = () =>
        runCall(context, request, async (model, callOptions) => {
          const result = await model.doGenerate(callOptions);
          return { value: result, headers: result.response?.headers };
        });
      if (span === undefined) {
        const call = await run();
        return { ...settle(call, usageFromModel(call.value.usage)), result: call.value };
      }
      try {
        const call = await withSpan(span, run);
        const outcome = { ...settle(call, usageFromModel(call.value.usage)), result: call.value };
        endModelCallSpan(span, outcome, call.value.finishReason.unified);
        return outcome;
      } catch (error) {
        recordSpanError(span, error);
        span.end();
        throw error;
      }
    },
    async *stream(request) {
      const span = startModelCallSpan(request);
      if (span === undefined) return yield* streamCall(request, undefined);
      let ended = false;
      try {
        const outcome = yield* streamCall(request, span);
        endModelCallSpan(span, outcome, outcome.finishReason);
        ended = true;
        return outcome;
      } catch (error) {
        recordSpanError(span, error);
        throw error;
      } finally {
        // A caller that leaves the stream early still ends the span.
        if (!ended) span.end();
      }
    },
  };

  async function* streamCall(
    request: ModelCallRequest,
    span: Span | undefined,
  ): AsyncGenerator<ModelStreamPart, ModelCallOutcome & { finishReason?: string }> {
    const call = await withSpan(span, () =>
      runCall(context, request, async (model, callOptions) => {
        const { stream, response } = await model.doStream(callOptions);
        const reader = stream.getReader();
        const head: ModelStreamPart[] = [];
        try {
          // Metadata parts are held back until content arrives: until then a failure can still be retried.
          for (;;) {
            const next = await reader.read();
            if (next.done) break;
            const part = next.value;
            if (part.type === 'error') throw part.error;
            head.push(part);
            if (!HELD_BACK.has(part.type)) break;
          }
        } catch (error) {
          reader.cancel().catch(() => {});
          throw error;
        }
        return { value: { reader, head }, headers: response?.headers };
      }),
    );
    const { reader, head } = call.value;
    let usage: Usage | undefined;
    let finishReason: string | undefined;
    let ended = false;
    let failure: unknown;
    try {
      for (const part of head) {
        if (part.type === 'finish') {
          usage = usageFromModel(part.usage);
          finishReason = part.finishReason.unified;
        }
        yield part;
      }
      for (;;) {
        const next = await reader.read();
        if (next.done) break;
        const part = next.value;
        if (part.type === 'error') throw part.error;
        if (part.type === 'finish') {
          usage = usageFromModel(part.usage);
          finishReason = part.finishReason.unified;
        }
        yield part;
      }
      ended = true;
    } catch (error) {
      failure = call.failure(error);
      throw failure;
    } finally {
      if (!ended) {
        reader.cancel().catch(() => {});
        abandon(call, failure);
      } else reader.releaseLock();
    }
    const outcome = settle(call, usage ?? ZERO_USAGE);
    return finishReason === undefined ? outcome : { ...outcome, finishReason };
  }
}

/** Runs `fn` with `span` active, so the waits and retries of the call nest under it. */
function withSpan<T>(span: Span | undefined, fn: () => Promise<T>): Promise<T> {
  if (span === undefined) return fn();
  return otelContext.with(otelTrace.setSpan(otelContext.active(), span), fn);
}

/**
 * Parts that carry nothing for the caller, held back at the start of a stream until content arrives.
 * `custom` is among them: Anthropic's adapter sends one (`anthropic.message_start`) at the start of
 * every stream, and counting it as content would make every Anthropic stream final from its first event.
 */
const HELD_BACK: ReadonlySet<ModelStreamPart['type']> = new Set([
  'stream-start',
  'response-metadata',
  'raw',
  'custom',
  'ping',
]);

/**
 * A stream that broke, or that its reader left, after parts reached the caller: charged its whole
 * reservation (what the provider billed is unknown), tokens kept as estimated, and the breaker told
 * only when it was the provider's failure.
 */
function abandon<T>(call: CommittedCall<T>, failure: unknown): void {
  call.dispose();
  if (ModelCallError.isModelCallError(failure) && countsAgainstBreaker(failure)) call.ticket.failure();
  else call.ticket.neutral();
  for (const permit of call.permits) permit.reconcile(call.tokens.input + call.tokens.output);
  call.reservation?.settle(call.reservation.amountUsd);
}
