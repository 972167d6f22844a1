import { type HrTime, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { StoredSpan, SpanStatusCode as StoredStatus } from '../../spec/store.ts';

const KINDS: Record<SpanKind, string> = {
  [SpanKind.INTERNAL]: 'internal',
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
};

const STATUSES: Record<SpanStatusCode, StoredStatus> = {
  [SpanStatusCode.UNSET]: 'unset',
  [SpanStatusCode.OK]: 'ok',
  [SpanStatusCode.ERROR]: 'error',
};

/** Whole microseconds since the epoch, as the store keeps span times. */
export function epochMicros(time: HrTime): number {
  return time[0] * 1_000_000 + Math.floor(time[1] / 1_000);
}

/**
 * An SDK span as the store keeps it: its run from the `vega.run.id` attribute, times in whole
 * microseconds, the resource's attributes on root spans only (they are the same on every span). A span
 * that has not ended is kept without `endUs`.
 *
 * @example
 * await store.appendSpans(spans.map(storedSpanOf));
 */
export function storedSpanOf(span: ReadableSpan): StoredSpan {
  const context = span.spanContext();
  const parent = span.parentSpanContext?.spanId;
  const runId = span.attributes['vega.run.id'];
  const message = span.status.message;
  return {
    traceId: context.traceId,
    spanId: context.spanId,
    ...(parent === undefined ? {} : { parentSpanId: parent }),
    ...(typeof runId === 'string' ? { runId } : {}),
    name: span.name,
    kind: KINDS[span.kind] ?? 'internal',
    startUs: epochMicros(span.startTime),
    ...(span.ended ? { endUs: epochMicros(span.endTime) } : {}),
    status: STATUSES[span.status.code] ?? 'unset',
    ...(message === undefined || message === '' ? {} : { statusMessage: message }),
    attributes: span.attributes,
    ...(span.events.length === 0
      ? {}
      : {
          events: span.events.map((event) => ({
            name: event.name,
            timeUs: epochMicros(event.time),
            ...(event.attributes === undefined ? {} : { attributes: event.attributes }),
          })),
        }),
    ...(parent === undefined ? { resource: span.resource.attributes } : {}),
  };
}
