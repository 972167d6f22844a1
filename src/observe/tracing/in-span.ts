import type { Attributes, Span } from '@opentelemetry/api';
import { activeTracer } from './active-tracer.ts';
import { recordSpanError } from './record-span-error.ts';

/**
 * Runs `fn` inside a new active span (a child of the current one) when tracing is on, and ends it
 * however `fn` ends; a throw marks the span failed. With tracing off it calls `fn(undefined)` and does
 * nothing else: `attributes` is a function so no attribute object is built unless the span records.
 *
 * @example
 * const result = await inSpan('vega.step draft', () => ({ 'vega.step.index': 0 }), async (span) => {
 *   const value = await step();
 *   span?.setAttribute('vega.cost.usd', value.cost);
 *   return value;
 * });
 */
export function inSpan<T>(
  name: string,
  attributes: (() => Attributes) | undefined,
  fn: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  const tracer = activeTracer();
  // Off: the function's own promise, not one more around it.
  if (tracer === undefined) return fn(undefined);
  return tracer.startActiveSpan(name, async (span) => {
    if (attributes !== undefined && span.isRecording()) span.setAttributes(attributes());
    try {
      return await fn(span);
    } catch (error) {
      recordSpanError(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}
