import type { Insertable, Selectable } from 'kysely';
import type { SpanStatusCode, StoredSpan, StoredSpanEvent } from '../spec/store.ts';
import { StoreError } from './store-error.ts';
import { encodeJson, type JsonDecode } from './store-rows.ts';
import type { SpansTable } from './store-tables.ts';

/**
 * A span as a `spans` row. Rejects times that are not whole microseconds and ids that are empty, with
 * `store_invalid_value`.
 *
 * @example
 * const row = spanToRow(span);
 */
export function spanToRow(span: StoredSpan): Insertable<SpansTable> {
  if (span.traceId === '' || span.spanId === '') {
    throw new StoreError('store_invalid_value', 'A span needs a trace id and a span id.', {
      hint: 'Keep spans as OpenTelemetry made them.',
    });
  }
  assertMicroseconds(span.startUs, span);
  if (span.endUs !== undefined) assertMicroseconds(span.endUs, span);
  return {
    trace_id: span.traceId,
    span_id: span.spanId,
    parent_span_id: span.parentSpanId ?? null,
    run_id: span.runId ?? null,
    name: span.name,
    kind: span.kind,
    start_us: span.startUs,
    end_us: span.endUs ?? null,
    status: span.status,
    status_message: span.statusMessage ?? null,
    attributes: encodeJson(span.attributes) ?? '{}',
    events: span.events === undefined || span.events.length === 0 ? null : encodeJson(span.events),
    resource: span.resource === undefined ? null : encodeJson(span.resource),
  };
}

/** A `spans` row as a {@link StoredSpan}; NULL columns are left out. */
export function spanFromRow(row: Selectable<SpansTable>, decode: JsonDecode): StoredSpan {
  const events = decode(row.events) as StoredSpanEvent[] | undefined;
  const resource = decode(row.resource) as Record<string, unknown> | undefined;
  return {
    traceId: row.trace_id,
    spanId: row.span_id,
    ...(row.parent_span_id === null ? {} : { parentSpanId: row.parent_span_id }),
    ...(row.run_id === null ? {} : { runId: row.run_id }),
    name: row.name,
    kind: row.kind,
    startUs: Number(row.start_us),
    ...(row.end_us === null ? {} : { endUs: Number(row.end_us) }),
    status: row.status as SpanStatusCode,
    ...(row.status_message === null ? {} : { statusMessage: row.status_message }),
    attributes: (decode(row.attributes) as Record<string, unknown> | undefined) ?? {},
    ...(events === undefined ? {} : { events }),
    ...(resource === undefined ? {} : { resource }),
  };
}

/**
 * The spans with one row per (trace, span), as writing them in sequence would leave them: a later write
 * wins, except that a record without an end never replaces one with an end.
 */
export function latestSpans(spans: readonly StoredSpan[]): StoredSpan[] {
  const byKey = new Map<string, StoredSpan>();
  for (const span of spans) {
    const key = `${span.traceId}/${span.spanId}`;
    const kept = byKey.get(key);
    if (kept !== undefined && kept.endUs !== undefined && span.endUs === undefined) continue;
    byKey.set(key, span);
  }
  return [...byKey.values()];
}

function assertMicroseconds(value: number, span: StoredSpan): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new StoreError(
      'store_invalid_value',
      `Span '${span.name}' has a time that is not whole epoch microseconds: ${String(value)}.`,
      { hint: 'Convert an OpenTelemetry HrTime with seconds * 1e6 + Math.round(nanos / 1e3).' },
    );
  }
}
