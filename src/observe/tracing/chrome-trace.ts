import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { ChromeTrace, ChromeTraceEvent } from './chrome-trace-event.ts';
import { microsOf } from './span-record.ts';

/**
 * Start times have millisecond precision in the SDK while durations are finer, so a span can seem to
 * start up to a millisecond before its predecessor ended. Within this much, it is taken as following.
 */
const TOLERANCE_US = 1000;

/** A span open on a row: what may still enclose the next ones. */
interface Open {
  readonly spanId: string;
  readonly end: number;
}

/**
 * Lays spans out as a Chrome trace: one process (`pid`) per trace, and rows (`tid`) chosen so a span
 * goes on its parent's row when nothing else is open there, while spans that overlap without nesting
 * (parallel branches, concurrent `for` items) get rows of their own, as the format needs to draw them.
 * Events on a row nest exactly: sub-millisecond overlaps from clock precision are trimmed.
 *
 * @example
 * await writeFile('trace.json', JSON.stringify(chromeTrace(spans)));
 */
export function chromeTrace(spans: readonly ReadableSpan[]): ChromeTrace {
  const parents = new Map<string, string | undefined>();
  for (const span of spans) parents.set(span.spanContext().spanId, span.parentSpanContext?.spanId);
  const isAncestor = (candidate: string, of: string): boolean => {
    for (let at = parents.get(of); at !== undefined; at = parents.get(at)) if (at === candidate) return true;
    return false;
  };
  const ordered = spans
    .map((span) => ({ span, start: microsOf(span.startTime), end: microsOf(span.endTime) }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const pids = new Map<string, number>();
  const rowsOf = new Map<number, Open[][]>();
  const tidOf = new Map<string, number>();
  const events: ChromeTraceEvent[] = [];
  for (const { span, start, end } of ordered) {
    const { traceId, spanId } = span.spanContext();
    let pid = pids.get(traceId);
    if (pid === undefined) {
      pid = pids.size + 1;
      pids.set(traceId, pid);
      rowsOf.set(pid, []);
      events.push({ ph: 'M', name: 'process_name', pid, tid: 0, args: { name: `trace ${traceId}` } });
    }
    const rows = rowsOf.get(pid) as Open[][];
    // What a row would make of the span: undefined when another span is still open there.
    const placeOn = (row: Open[]): { ts: number; end: number } | undefined => {
      let floor = start;
      while (row.length > 0) {
        const top = row[row.length - 1] as Open;
        if (isAncestor(top.spanId, spanId)) return { ts: floor, end: Math.min(end, top.end) };
        if (top.end > start + TOLERANCE_US) return undefined;
        floor = Math.max(floor, top.end);
        row.pop();
      }
      return { ts: floor, end };
    };
    const parentId = span.parentSpanContext?.spanId;
    const parentTid = parentId === undefined ? undefined : tidOf.get(parentId);
    let tid = -1;
    let placed = parentTid === undefined ? undefined : placeOn(rows[parentTid] as Open[]);
    if (placed !== undefined) tid = parentTid as number;
    for (let candidate = 0; placed === undefined && candidate < rows.length; candidate++) {
      placed = placeOn(rows[candidate] as Open[]);
      if (placed !== undefined) tid = candidate;
    }
    if (placed === undefined) {
      tid = rows.length;
      rows.push([]);
      placed = { ts: start, end };
    }
    (rows[tid] as Open[]).push({ spanId, end: placed.end });
    tidOf.set(spanId, tid);
    events.push({
      ph: 'X',
      name: span.name,
      cat: String(span.attributes['gen_ai.operation.name'] ?? 'vega'),
      ts: placed.ts,
      dur: Math.max(0, placed.end - placed.ts),
      pid,
      tid,
      args: { ...span.attributes, 'span.id': spanId, 'trace.id': traceId },
    });
  }
  return { traceEvents: events, displayTimeUnit: 'ms' };
}
