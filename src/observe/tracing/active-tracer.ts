import type { Tracer } from '@opentelemetry/api';

let current: Tracer | undefined;

/**
 * The tracer Vega's own instrumentation records with, or `undefined` when tracing is off. Checking it
 * is a variable read, so a runtime without tracing does no tracing work at all on the model-call path.
 * {@link setupTracing} sets it and its `shutdown()` clears it.
 *
 * @example
 * const tracer = activeTracer();
 * if (tracer !== undefined) tracer.startActiveSpan('vega.step', (span) => span.end());
 */
export function activeTracer(): Tracer | undefined {
  return current;
}

/**
 * Makes `tracer` the one Vega records with (`undefined` turns tracing off).
 *
 * @example
 * setActiveTracer(provider.getTracer('vega'));
 */
export function setActiveTracer(tracer: Tracer | undefined): void {
  current = tracer;
}
