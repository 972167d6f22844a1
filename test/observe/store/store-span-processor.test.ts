import { context, trace } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeSpanExporter } from '../../../src/observe/store/store-span-exporter.ts';
import { storeSpanProcessor } from '../../../src/observe/store/store-span-processor.ts';
import type { Store } from '../../../src/spec/store.ts';
import { sqliteStore } from '../../../src/store/sqlite-store.ts';

let store: Store;
beforeEach(async () => {
  store = await sqliteStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

/** A processor on a clock and a timer the test moves by hand. */
function manualProcessor() {
  let nowMs = 1_000_000;
  let tick: (() => void) | undefined;
  let stopped = false;
  const processor = storeSpanProcessor({
    exporter: storeSpanExporter(store),
    openSpanDelayMs: 1_000,
    now: () => nowMs,
    every: (_ms, callback) => {
      tick = callback;
      return {
        stop: () => {
          stopped = true;
        },
      };
    },
  });
  const provider = new TracerProvider({ spanProcessors: [processor] });
  return {
    tracer: provider.getTracer('test'),
    provider,
    advance(ms: number) {
      nowMs += ms;
      tick?.();
    },
    get stopped() {
      return stopped;
    },
  };
}

const byName = async (runId: string) =>
  Object.fromEntries(
    (await store.listSpans({ runId })).map((span) => [
      span.name,
      span.endUs === undefined ? 'open' : 'ended',
    ]),
  );

describe('storeSpanProcessor', () => {
  it('writes spans open longer than the delay without an end, so a crash leaves them unfinished', async () => {
    const clock = manualProcessor();
    const attributes = { 'vega.run.id': 'crashing' };
    const run = clock.tracer.startSpan('workflow', { attributes });
    const step = clock.tracer.startSpan('step', { attributes }, trace.setSpan(context.active(), run));
    clock.advance(500);
    expect(await byName('crashing')).toEqual({});
    clock.tracer.startSpan('quick', { attributes }, trace.setSpan(context.active(), step)).end();
    clock.advance(600); // 1.1 s after the start of run and step
    await clock.provider.forceFlush();
    expect(await byName('crashing')).toEqual({ workflow: 'open', step: 'open', quick: 'ended' });
    // The process dies here: nothing ends, nothing shuts down. The store still tells the story.
    const spans = await store.listSpans({ runId: 'crashing' });
    expect(spans.find((span) => span.name === 'step')?.parentSpanId).toBe(run.spanContext().spanId);
  });

  it('completes the open record when the span ends, and writes nothing extra for short spans', async () => {
    const clock = manualProcessor();
    const attributes = { 'vega.run.id': 'finishing' };
    const run = clock.tracer.startSpan('workflow', { attributes });
    clock.advance(1_500);
    await clock.provider.forceFlush();
    expect(await byName('finishing')).toEqual({ workflow: 'open' });
    run.end();
    await clock.provider.shutdown();
    expect(clock.stopped).toBe(true);
    expect(await byName('finishing')).toEqual({ workflow: 'ended' });
  });

  it('writes spans still open at shutdown as unfinished', async () => {
    const clock = manualProcessor();
    clock.tracer.startSpan('never ends', { attributes: { 'vega.run.id': 'cut' } });
    await clock.provider.shutdown();
    expect(await byName('cut')).toEqual({ 'never ends': 'open' });
  });
});
