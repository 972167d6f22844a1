import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { SpanRedactor } from './span-redactor.ts';

/**
 * Wraps an exporter so every span it receives went through `redactor` first: attributes, event
 * attributes and the status message. {@link setupTracing} puts every exporter behind it, so no
 * exporter (file, store, OTLP) can see a secret the redactor knows.
 *
 * @example
 * const safe = redactingExporter(jsonlSpanExporter(path), redactor);
 */
export function redactingExporter(exporter: SpanExporter, redactor: SpanRedactor): SpanExporter {
  return {
    export: (spans, done) =>
      exporter.export(
        spans.map((span) => redactSpan(span, redactor)),
        done,
      ),
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

/**
 * A copy of `span` with its attributes, events and status message redacted.
 *
 * @example
 * const clean = redactSpan(span, redactor);
 */
export function redactSpan(span: ReadableSpan, redactor: SpanRedactor): ReadableSpan {
  const message = span.status.message;
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => span.spanContext(),
    ...(span.parentSpanContext === undefined ? {} : { parentSpanContext: span.parentSpanContext }),
    startTime: span.startTime,
    endTime: span.endTime,
    status: message === undefined ? span.status : { ...span.status, message: redactor.text(message) },
    attributes: redactor.value(span.attributes),
    links: span.links,
    events: span.events.map((event) =>
      event.attributes === undefined ? event : { ...event, attributes: redactor.value(event.attributes) },
    ),
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}
