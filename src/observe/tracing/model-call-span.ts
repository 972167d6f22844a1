import type { Attributes, Span } from '@opentelemetry/api';
import { trace as otelTrace } from '@opentelemetry/api';
import { currentRun } from '../../durable/current-run.ts';
import type { ModelCallOutcome, ModelCallRequest } from '../../policy/model-call-request.ts';
import { activeTracer } from './active-tracer.ts';
import { ATTRIBUTES } from './span-names.ts';

/**
 * Starts the `chat <model>` span of one model call (GenAI conventions), or gives `undefined` when
 * tracing is off. The caller makes it active around the pipeline's stages so waits nest under it, then
 * ends it with {@link endModelCallSpan} or `recordSpanError` + `end()`.
 *
 * @example
 * const span = startModelCallSpan(request);
 */
export function startModelCallSpan(request: ModelCallRequest): Span | undefined {
  const tracer = activeTracer();
  if (tracer === undefined) return undefined;
  const { model, options } = request;
  const span = tracer.startSpan(`chat ${model.modelId}`);
  if (!span.isRecording()) return span;
  const attributes: Attributes = {
    [ATTRIBUTES.operationName]: 'chat',
    [ATTRIBUTES.providerName]: providerName(model.provider),
    [ATTRIBUTES.requestModel]: model.modelId,
  };
  if (options.temperature !== undefined) attributes[ATTRIBUTES.requestTemperature] = options.temperature;
  if (options.maxOutputTokens !== undefined)
    attributes[ATTRIBUTES.requestMaxTokens] = options.maxOutputTokens;
  if (request.agent !== undefined) attributes[ATTRIBUTES.agentName] = request.agent;
  if (request.budget !== undefined) attributes[ATTRIBUTES.budgetScope] = request.budget.path;
  const runId = currentRun.getStore()?.runId;
  if (runId !== undefined) attributes[ATTRIBUTES.runId] = runId;
  span.setAttributes(attributes);
  return span;
}

/**
 * Records what a call came to on its span (model that answered, tokens, cost, attempts, finish reason)
 * and ends it.
 *
 * @example
 * endModelCallSpan(span, outcome, result.finishReason.unified);
 */
export function endModelCallSpan(
  span: Span,
  outcome: ModelCallOutcome,
  finishReason: string | undefined,
): void {
  if (span.isRecording()) {
    const { usage } = outcome;
    const attributes: Attributes = {
      [ATTRIBUTES.responseModel]: outcome.model.modelId,
      [ATTRIBUTES.inputTokens]: usage.inputTokens,
      [ATTRIBUTES.outputTokens]: usage.outputTokens,
      [ATTRIBUTES.cacheReadTokens]: usage.cacheReadTokens,
      [ATTRIBUTES.cacheCreationTokens]: usage.cacheWriteTokens,
      [ATTRIBUTES.attempts]: outcome.attempts,
      [ATTRIBUTES.waitMs]: outcome.waitedMs,
    };
    if (usage.reasoningTokens > 0) attributes[ATTRIBUTES.reasoningTokens] = usage.reasoningTokens;
    if (outcome.cost.usd !== undefined) attributes[ATTRIBUTES.costUsd] = outcome.cost.usd;
    if (finishReason !== undefined) attributes[ATTRIBUTES.finishReasons] = [finishReason];
    if (outcome.fallbackFrom !== undefined) attributes[ATTRIBUTES.fallbackFrom] = outcome.fallbackFrom;
    span.setAttributes(attributes);
  }
  span.end();
}

/** `anthropic` of `anthropic.messages`: the GenAI `gen_ai.provider.name`. */
function providerName(provider: string): string {
  const dot = provider.indexOf('.');
  return dot === -1 ? provider : provider.slice(0, dot);
}

/**
 * Notes a failed attempt that will be retried, as a `vega.retry` event on the active model-call span.
 *
 * @example
 * noteRetry(1, 'overloaded', 500);
 */
export function noteRetry(attempt: number, errorKind: string, delayMs: number): void {
  if (activeTracer() === undefined) return;
  otelTrace.getActiveSpan()?.addEvent('vega.retry', {
    [ATTRIBUTES.attempt]: attempt,
    [ATTRIBUTES.errorType]: errorKind,
    'vega.retry.delay_ms': delayMs,
  });
}
