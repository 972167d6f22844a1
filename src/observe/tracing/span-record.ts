import { type Attributes, type HrTime, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';

/**
 * One finished span in Vega's stable JSON shape: a line of a `.jsonl` trace file, and what `vega trace`
 * reads back. Times come twice: ISO for people, nanoseconds since the epoch (a decimal string, as it
 * exceeds 2^53) for tools. Fields are only ever added, never renamed.
 */
export interface SpanRecord {
  readonly traceId: string;
  readonly spanId: string;
  /** Absent on a trace's root span. */
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: 'internal' | 'server' | 'client' | 'producer' | 'consumer';
  readonly startTime: string;
  readonly endTime: string;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly durationMs: number;
  readonly attributes: Attributes;
  readonly events: readonly SpanEventRecord[];
  readonly status: { readonly code: 'unset' | 'ok' | 'error'; readonly message?: string };
}

/** A span event (an exception, a retry, a restart) in {@link SpanRecord}. */
export interface SpanEventRecord {
  readonly name: string;
  readonly time: string;
  readonly timeUnixNano: string;
  readonly attributes: Attributes;
}

const KINDS: Record<SpanKind, SpanRecord['kind']> = {
  [SpanKind.INTERNAL]: 'internal',
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
};

const STATUSES: Record<SpanStatusCode, SpanRecord['status']['code']> = {
  [SpanStatusCode.UNSET]: 'unset',
  [SpanStatusCode.OK]: 'ok',
  [SpanStatusCode.ERROR]: 'error',
};

/**
 * Converts an SDK span to its {@link SpanRecord}.
 *
 * @example
 * const line = JSON.stringify(spanRecord(span));
 */
export function spanRecord(span: ReadableSpan): SpanRecord {
  const context = span.spanContext();
  const parent = span.parentSpanContext?.spanId;
  const message = span.status.message;
  return {
    traceId: context.traceId,
    spanId: context.spanId,
    ...(parent === undefined ? {} : { parentSpanId: parent }),
    name: span.name,
    kind: KINDS[span.kind],
    startTime: isoOf(span.startTime),
    endTime: isoOf(span.endTime),
    startTimeUnixNano: nanosOf(span.startTime),
    endTimeUnixNano: nanosOf(span.endTime),
    durationMs: span.duration[0] * 1e3 + span.duration[1] / 1e6,
    attributes: span.attributes,
    events: span.events.map((event) => ({
      name: event.name,
      time: isoOf(event.time),
      timeUnixNano: nanosOf(event.time),
      attributes: event.attributes ?? {},
    })),
    status: {
      code: STATUSES[span.status.code],
      ...(message === undefined || message === '' ? {} : { message }),
    },
  };
}

/** Microseconds since the epoch, the Chrome trace format's unit. */
export function microsOf(time: HrTime): number {
  return time[0] * 1e6 + time[1] / 1e3;
}

function isoOf(time: HrTime): string {
  const iso = new Date(time[0] * 1e3).toISOString();
  // Keep nanosecond precision: 2026-11-21T10:39:52.123456789Z.
  return `${iso.slice(0, 19)}.${String(time[1]).padStart(9, '0')}Z`;
}

function nanosOf(time: HrTime): string {
  // String arithmetic rather than BigInt: this runs for every span exported.
  return time[0] === 0 ? String(time[1]) : `${time[0]}${String(time[1]).padStart(9, '0')}`;
}
