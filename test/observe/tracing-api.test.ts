/**
 * The trace API (`trace.span`, `trace.event`, `trace.setAttribute`), the redaction seam every exporter
 * sits behind, the JSONL record shape, waits as spans, and tracing turned off (no spans, no tracer).
 */

import type { context } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { VegaError } from '../../src/errors/vega-error.ts';
import { activeTracer } from '../../src/observe/tracing/active-tracer.ts';
import { inSpan } from '../../src/observe/tracing/in-span.ts';
import { callerTraceContext, inTraceContext } from '../../src/observe/tracing/process-spans.ts';
import { setupTracing, type Tracing } from '../../src/observe/tracing/setup-tracing.ts';
import { spanRecord } from '../../src/observe/tracing/span-record.ts';
import { trace } from '../../src/observe/tracing/trace-api.ts';
import { traceWait } from '../../src/observe/tracing/trace-wait.ts';

let tracing: Tracing | undefined;
afterEach(async () => {
  await tracing?.shutdown();
  tracing = undefined;
});

function traced(options: { redact?: boolean } = {}): InMemorySpanExporter {
  const exporter = new InMemorySpanExporter();
  tracing = setupTracing({
    exporters: [exporter],
    processor: 'simple',
    ...(options.redact === true
      ? {
          redactor: {
            value: <Value>(value: Value): Value =>
              JSON.parse(JSON.stringify(value).replaceAll('sk-secret-123', '[REDACTED]')) as Value,
            text: (text: string) => text.replaceAll('sk-secret-123', '[REDACTED]'),
          },
        }
      : {}),
  });
  return exporter;
}

describe('the trace API', () => {
  it('nests user spans under the active span, with events and attributes, across awaits', async () => {
    const exporter = traced();
    const value = await inSpan('vega.step draft', undefined, () =>
      trace.span(
        'db.query',
        async () => {
          await Promise.resolve();
          trace.setAttribute('db.rows', 3);
          trace.event('cache-miss', { key: 'paris' });
          const [a, b] = await Promise.all([
            trace.span('branch a', async () => 'a'),
            trace.span('branch b', async () => 'b'),
          ]);
          return `${a}${b}`;
        },
        { 'db.system': 'sqlite' },
      ),
    );
    expect(value).toBe('ab');
    const spans = exporter.getFinishedSpans().map(spanRecord);
    const byName = new Map(spans.map((span) => [span.name, span]));
    const step = byName.get('vega.step draft')!;
    const query = byName.get('db.query')!;
    expect(query.parentSpanId).toBe(step.spanId);
    expect(byName.get('branch a')?.parentSpanId).toBe(query.spanId);
    expect(byName.get('branch b')?.parentSpanId).toBe(query.spanId);
    expect(query.attributes).toEqual({ 'db.system': 'sqlite', 'db.rows': 3 });
    expect(query.events.map((event) => [event.name, event.attributes])).toEqual([
      ['cache-miss', { key: 'paris' }],
    ]);
    // The record shape: ids, ISO and nanosecond times, duration, status.
    expect(query.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(query.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(query.startTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    expect(BigInt(query.endTimeUnixNano) >= BigInt(query.startTimeUnixNano)).toBe(true);
    expect(query.durationMs).toBeGreaterThanOrEqual(0);
    expect(query.kind).toBe('internal');
    expect(query.status).toEqual({ code: 'unset' });
  });

  it('marks a span failed with the error’s code and rethrows', async () => {
    const exporter = traced();
    const failure = new VegaError('budget_exceeded', 'Budget run is spent.');
    await expect(trace.span('work', async () => Promise.reject(failure))).rejects.toBe(failure);
    const [span] = exporter.getFinishedSpans().map(spanRecord);
    expect(span?.status).toEqual({ code: 'error', message: 'budget_exceeded: Budget run is spent.' });
    expect(span?.attributes['error.type']).toBe('budget_exceeded');
    expect(span?.events.map((event) => event.name)).toEqual(['exception']);
  });

  it('passes every span through the redactor before an exporter sees it', async () => {
    const exporter = traced({ redact: true });
    await expect(
      trace.span(
        'call',
        async () => {
          trace.event('request', { authorization: 'Bearer sk-secret-123' });
          throw new Error('401 for key sk-secret-123');
        },
        { 'http.header': 'sk-secret-123' },
      ),
    ).rejects.toThrow();
    const text = JSON.stringify(exporter.getFinishedSpans().map(spanRecord));
    expect(text).not.toContain('sk-secret-123');
    expect(text).toContain('[REDACTED]');
  });

  it('covers a wait with a span carrying the wait, only while tracing', async () => {
    const exporter = traced();
    const { promise, resolve } = Promise.withResolvers<string>();
    const waited = traceWait(
      'vega.rate_limit.wait',
      () => ({ 'vega.rate_limit.key': 'anthropic/x' }),
      promise,
    );
    resolve('permit');
    expect(await waited).toBe('permit');
    await Promise.resolve();
    const [span] = exporter.getFinishedSpans().map(spanRecord);
    expect(span?.name).toBe('vega.rate_limit.wait');
    expect(span?.attributes).toMatchObject({
      'vega.rate_limit.key': 'anthropic/x',
      'vega.wait.ms': expect.any(Number),
    });
  });

  it('carries a caller’s context to code that runs in another async context (a process)', async () => {
    const exporter = traced();
    const mailbox: { run: () => Promise<void>; traceContext?: ReturnType<typeof context.active> }[] = [];
    // The "process" loop starts outside any span, as a process does.
    const processLoop = (async () => {
      while (mailbox.length === 0) await new Promise((resolve) => setImmediate(resolve));
      const request = mailbox.shift()!;
      await inTraceContext(request.traceContext, request.run);
    })();
    await trace.span('caller', async () => {
      mailbox.push({ run: () => trace.span('handled', async () => {}), ...callerTraceContext() });
      await processLoop;
    });
    const spans = exporter.getFinishedSpans().map(spanRecord);
    const caller = spans.find((span) => span.name === 'caller')!;
    expect(spans.find((span) => span.name === 'handled')?.parentSpanId).toBe(caller.spanId);
  });

  it('does nothing when tracing is off: no tracer, no spans, no context to carry', async () => {
    expect(activeTracer()).toBeUndefined();
    expect(callerTraceContext()).toEqual({});
    let built = false;
    const value = await inSpan(
      'vega.step x',
      () => {
        built = true;
        return {};
      },
      async (span) => {
        expect(span).toBeUndefined();
        trace.setAttribute('ignored', 1);
        trace.event('ignored');
        return trace.span('user', async () => 42);
      },
    );
    expect(value).toBe(42);
    expect(built).toBe(false);
  });
});
