import type { Context } from '@opentelemetry/api';
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type Span,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';

/** Options of {@link storeSpanProcessor}. */
export interface StoreSpanProcessorOptions {
  /** The store's exporter ({@link storeSpanExporter}), possibly behind the redaction seam. */
  readonly exporter: SpanExporter;
  /**
   * How long a span may stay open before a record of it (without an end) is written, so that a crash
   * leaves it visible as unfinished; default 1 000 ms. Spans that end sooner cost no extra write.
   */
  readonly openSpanDelayMs?: number;
  /** Passed to the batch processor: most spans in one export batch. */
  readonly maxExportBatchSize?: number;
  /** Passed to the batch processor: how often it exports, in ms. */
  readonly scheduledDelayMillis?: number;
  /** Starts the periodic check for open spans; `setInterval` (unref'd) by default. Tests inject it. */
  readonly every?: (ms: number, tick: () => void) => { stop(): void };
  /** Epoch ms; the clock by default. */
  readonly now?: () => number;
}

/**
 * The store's span processor: ended spans go through a `BatchSpanProcessor` (one transaction per
 * batch), and spans that stay open longer than `openSpanDelayMs` (a run, a step, a slow model call) are
 * also written once without an end, so that a process that crashes leaves them in the store as
 * unfinished. The store replaces that record when the span ends and never the other way round, so the
 * two writes may land in either order. `forceFlush` writes every open span not yet written.
 *
 * @example
 * const processor = storeSpanProcessor({ exporter: storeSpanExporter(store) });
 * const provider = new TracerProvider({ spanProcessors: [processor] });
 */
export function storeSpanProcessor(options: StoreSpanProcessorOptions): SpanProcessor {
  const { exporter } = options;
  const delayMs = options.openSpanDelayMs ?? 1_000;
  const now = options.now ?? Date.now;
  const batch = new BatchSpanProcessor({
    exporter,
    ...(options.maxExportBatchSize === undefined ? {} : { maxExportBatchSize: options.maxExportBatchSize }),
    ...(options.scheduledDelayMillis === undefined
      ? {}
      : { scheduledDelayMillis: options.scheduledDelayMillis }),
  });
  /** Open spans not yet written, with when they started (epoch ms). */
  const open = new Map<Span, number>();
  let stopped = false;

  const writeOpen = (olderThan: number): Promise<void> => {
    const due: ReadableSpan[] = [];
    for (const [span, startedAt] of open) {
      if (startedAt > olderThan) continue;
      due.push(span);
      open.delete(span);
    }
    if (due.length === 0) return Promise.resolve();
    return new Promise((resolve) => exporter.export(due, () => resolve()));
  };

  const timer = (options.every ?? everyUnref)(delayMs, () => {
    void writeOpen(now() - delayMs);
  });

  return {
    onStart(span: Span, _parentContext: Context) {
      if (!stopped) open.set(span, now());
    },
    onEnd(span: ReadableSpan) {
      open.delete(span as Span);
      batch.onEnd(span);
    },
    async forceFlush() {
      await writeOpen(Number.POSITIVE_INFINITY);
      await batch.forceFlush();
    },
    async shutdown() {
      stopped = true;
      timer.stop();
      // Spans still open at shutdown are written as unfinished: they will never end in this process.
      await writeOpen(Number.POSITIVE_INFINITY);
      await batch.shutdown();
    },
  };
}

function everyUnref(ms: number, tick: () => void): { stop(): void } {
  const handle = setInterval(tick, ms);
  handle.unref();
  return { stop: () => clearInterval(handle) };
}
