import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { Store } from '../../spec/store.ts';
import { type ExportResultCallback, reportExport } from '../tracing/span-exporter-result.ts';
import { storedSpanOf } from './stored-span-of.ts';

/**
 * An exporter that keeps spans in the store, next to the run's event log (`vega trace <run>` reads
 * them back). Each batch the processor hands over is one `appendSpans` call (one transaction); batches
 * are written in order. The exporter does not own the store: `shutdown` waits for pending writes and
 * leaves the store open.
 *
 * @example
 * const provider = new TracerProvider({
 *   spanProcessors: [new BatchSpanProcessor({ exporter: storeSpanExporter(store) })],
 * });
 */
export function storeSpanExporter(store: Pick<Store, 'appendSpans'>): SpanExporter {
  let writing: Promise<void> = Promise.resolve();
  let stopped = false;
  return {
    export(spans: ReadableSpan[], done: ExportResultCallback) {
      if (stopped) {
        reportExport(done, new Error('The store span exporter was shut down.'));
        return;
      }
      const batch = spans.map(storedSpanOf);
      writing = writing.then(() =>
        store.appendSpans(batch).then(
          () => reportExport(done),
          (error: unknown) => reportExport(done, error),
        ),
      );
    },
    forceFlush: () => writing,
    shutdown() {
      stopped = true;
      return writing;
    },
  };
}
