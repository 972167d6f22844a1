import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeSpanExporter } from '../../../src/observe/store/store-span-exporter.ts';
import type { Store, StoredSpan } from '../../../src/spec/store.ts';
import { sqliteStore } from '../../../src/store/sqlite-store.ts';

const T0 = 1_795_257_600; // 2026-11-21T08:00:00Z, in seconds

let store: Store;
beforeEach(async () => {
  store = await sqliteStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

describe('storeSpanExporter', () => {
  it('keeps SDK spans with their parents, run, kind, status, attributes, events and resource', async () => {
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'vega-test' }),
      spanProcessors: [new SimpleSpanProcessor({ exporter: storeSpanExporter(store) })],
    });
    const tracer = provider.getTracer('test');
    const root = tracer.startSpan('vega.run', { startTime: [T0, 0], attributes: { 'vega.run.id': 'r1' } });
    const { trace, context } = await import('@opentelemetry/api');
    const call = tracer.startSpan(
      'chat claude-haiku-4-5',
      {
        kind: SpanKind.CLIENT,
        startTime: [T0, 1_500],
        attributes: { 'vega.run.id': 'r1', 'gen_ai.usage.input_tokens': 10, 'vega.cost.usd': 0.00002 },
      },
      trace.setSpan(context.active(), root),
    );
    call.addEvent('retry', { attempt: 2 }, [T0, 900_000]);
    call.setStatus({ code: SpanStatusCode.ERROR, message: 'overloaded' });
    call.end([T0 + 1, 250_000_999]);
    root.end([T0 + 2, 0]);
    await provider.shutdown();

    const spans = await store.listSpans({ runId: 'r1' });
    const traceId = root.spanContext().traceId;
    expect(spans).toEqual<StoredSpan[]>([
      {
        traceId,
        spanId: root.spanContext().spanId,
        runId: 'r1',
        name: 'vega.run',
        kind: 'internal',
        startUs: T0 * 1e6,
        endUs: (T0 + 2) * 1e6,
        status: 'unset',
        attributes: { 'vega.run.id': 'r1' },
        resource: expect.objectContaining({ 'service.name': 'vega-test' }),
      },
      {
        traceId,
        spanId: call.spanContext().spanId,
        parentSpanId: root.spanContext().spanId,
        runId: 'r1',
        name: 'chat claude-haiku-4-5',
        kind: 'client',
        startUs: T0 * 1e6 + 1,
        endUs: (T0 + 1) * 1e6 + 250_000,
        status: 'error',
        statusMessage: 'overloaded',
        attributes: { 'vega.run.id': 'r1', 'gen_ai.usage.input_tokens': 10, 'vega.cost.usd': 0.00002 },
        events: [{ name: 'retry', timeUs: T0 * 1e6 + 900, attributes: { attempt: 2 } }],
      },
    ]);
    expect(await store.listSpans({ traceId })).toHaveLength(2);
  });

  it('writes each batch of the batch processor as one appendSpans call', async () => {
    const batches: number[] = [];
    const counting: Pick<Store, 'appendSpans'> = {
      appendSpans: (spans) => {
        batches.push(spans.length);
        return store.appendSpans(spans);
      },
    };
    const provider = new TracerProvider({
      spanProcessors: [
        new BatchSpanProcessor({
          exporter: storeSpanExporter(counting),
          maxExportBatchSize: 50,
          scheduledDelayMillis: 60_000,
        }),
      ],
    });
    const tracer = provider.getTracer('test');
    for (let index = 0; index < 120; index++) {
      tracer.startSpan(`s${index}`, { attributes: { 'vega.run.id': 'batched' } }).end();
    }
    await provider.forceFlush();
    await provider.shutdown();
    expect(batches.reduce((sum, size) => sum + size, 0)).toBe(120);
    expect(Math.max(...batches)).toBeLessThanOrEqual(50);
    expect(batches.length).toBeLessThanOrEqual(4);
    expect(await store.listSpans({ runId: 'batched' })).toHaveLength(120);
  });

  it('reports a failed write to the processor, and refuses spans after shutdown', async () => {
    const exporter = storeSpanExporter(store);
    await store.close();
    const provider = new TracerProvider({ spanProcessors: [] });
    const span = provider.getTracer('test').startSpan('late');
    span.end();
    const readable = span as unknown as Parameters<typeof exporter.export>[0][number];
    const failed = await new Promise<number>((resolve) =>
      exporter.export([readable], (result) => resolve(result.code)),
    );
    expect(failed).toBe(1);
    await exporter.shutdown();
    const refused = await new Promise<number>((resolve) =>
      exporter.export([readable], (result) => resolve(result.code)),
    );
    expect(refused).toBe(1);
    store = await sqliteStore(':memory:');
  });
});
