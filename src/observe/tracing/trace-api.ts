import { type Attributes, trace as otelTrace } from '@opentelemetry/api';
import { activeTracer } from './active-tracer.ts';
import { recordSpanError } from './record-span-error.ts';

/** The trace API users add their own spans, events and attributes with. */
export interface TraceApi {
  /**
   * Runs `fn` in a new span, a child of the current one (a step, an agent turn, a tool call), and ends
   * it when `fn` settles; a throw marks the span failed and is rethrown. Without tracing, just runs `fn`.
   */
  span<T>(name: string, fn: () => Promise<T> | T, attributes?: Attributes): Promise<T>;
  /** Adds an event to the current span. */
  event(name: string, attributes?: Attributes): void;
  /** Sets an attribute on the current span. */
  setAttribute(key: string, value: Attributes[string] & {}): void;
}

/**
 * Vega's trace API. Spans made with it sit in the run's trace beside Vega's own.
 *
 * @example
 * import { trace } from 'vega-agents';
 * const lookup = tool({ name: 'lookup', input: z.object({ q: z.string() }), async execute({ q }) {
 *   return trace.span('db.query', async () => {
 *     trace.setAttribute('db.rows', 3);
 *     trace.event('cache-miss', { key: q });
 *     return query(q);
 *   }, { 'db.system': 'sqlite' });
 * } });
 */
export const trace: TraceApi = {
  async span(name, fn, attributes) {
    const tracer = activeTracer();
    if (tracer === undefined) return fn();
    return tracer.startActiveSpan(name, attributes === undefined ? {} : { attributes }, async (span) => {
      try {
        return await fn();
      } catch (error) {
        recordSpanError(span, error);
        throw error;
      } finally {
        span.end();
      }
    });
  },
  event(name, attributes) {
    if (activeTracer() === undefined) return;
    otelTrace.getActiveSpan()?.addEvent(name, attributes);
  },
  setAttribute(key, value) {
    if (activeTracer() === undefined) return;
    otelTrace.getActiveSpan()?.setAttribute(key, value);
  },
};
