import type { Attributes } from '@opentelemetry/api';
import { activeTracer } from './active-tracer.ts';
import { ATTRIBUTES } from './span-names.ts';

/**
 * Covers a wait that has begun (a paused budget reservation, a rate-limit queue) with a span that ends
 * when `promise` settles, carrying the wait in milliseconds (`vega.wait.ms`). Only waits that really
 * happen get a span; with tracing off `promise` is returned untouched.
 *
 * @example
 * return traceWait('vega.rate_limit.wait', () => ({ 'vega.rate_limit.key': key }), queued);
 */
export function traceWait<T>(name: string, attributes: () => Attributes, promise: Promise<T>): Promise<T> {
  const tracer = activeTracer();
  if (tracer === undefined) return promise;
  const span = tracer.startSpan(name);
  if (!span.isRecording()) return promise;
  span.setAttributes(attributes());
  const startedAt = performance.now();
  const end = (error?: unknown): void => {
    span.setAttribute(ATTRIBUTES.waitMs, Math.round(performance.now() - startedAt));
    if (error !== undefined) span.setAttribute(ATTRIBUTES.errorType, errorName(error));
    span.end();
  };
  promise.then(
    () => end(),
    (error: unknown) => end(error ?? 'aborted'),
  );
  return promise;
}

function errorName(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string')
    return (error as { code: string }).code;
  return error instanceof Error ? error.name : 'aborted';
}
