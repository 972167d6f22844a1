import { type Attributes, type HrTime, SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { StoredSpan } from '../../spec/store.ts';

const KINDS: Record<string, SpanKind> = {
  internal: SpanKind.INTERNAL,
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
};

const STATUSES = { unset: SpanStatusCode.UNSET, ok: SpanStatusCode.OK, error: SpanStatusCode.ERROR };

/** The attribute a span read back from the store carries when it never ended. */
export const UNFINISHED_ATTRIBUTE = 'vega.span.unfinished';

/**
 * A stored span as the SDK's `ReadableSpan`, so the tracing formats (JSONL, Chrome) and the OTLP
 * exporter write stored spans exactly as they write live ones. A span that never ended is given
 * `endUs` (the last time the trace was seen) and the attribute `vega.span.unfinished: true`.
 *
 * @example
 * const spans = (await store.listSpans({ runId })).map((span) => readableSpanOf(span, lastUs));
 */
export function readableSpanOf(span: StoredSpan, endUs: number): ReadableSpan {
  const end = span.endUs ?? Math.max(endUs, span.startUs);
  const resource = resourceFromAttributes({ 'service.name': 'vega', ...(span.resource ?? {}) } as Attributes);
  const durationUs = end - span.startUs;
  return {
    name: span.name,
    kind: KINDS[span.kind] ?? SpanKind.INTERNAL,
    spanContext: () => ({ traceId: span.traceId, spanId: span.spanId, traceFlags: TraceFlags.SAMPLED }),
    ...(span.parentSpanId === undefined
      ? {}
      : {
          parentSpanContext: {
            traceId: span.traceId,
            spanId: span.parentSpanId,
            traceFlags: TraceFlags.SAMPLED,
          },
        }),
    startTime: hrTimeOf(span.startUs),
    endTime: hrTimeOf(end),
    status: {
      code: STATUSES[span.status],
      ...(span.statusMessage === undefined ? {} : { message: span.statusMessage }),
    },
    attributes: (span.endUs === undefined
      ? { ...span.attributes, [UNFINISHED_ATTRIBUTE]: true }
      : span.attributes) as Attributes,
    links: [],
    events: (span.events ?? []).map((event) => ({
      name: event.name,
      time: hrTimeOf(event.timeUs),
      ...(event.attributes === undefined ? {} : { attributes: event.attributes as Attributes }),
    })),
    duration: [Math.floor(durationUs / 1e6), (durationUs % 1e6) * 1e3],
    ended: span.endUs !== undefined,
    resource,
    instrumentationScope: { name: 'vega' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

function hrTimeOf(epochUs: number): HrTime {
  return [Math.floor(epochUs / 1e6), (epochUs % 1e6) * 1e3];
}
