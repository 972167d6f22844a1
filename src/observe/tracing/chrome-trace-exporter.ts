import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { chromeTrace } from './chrome-trace.ts';
import { type ExportResultCallback, reportExport } from './span-exporter-result.ts';

/**
 * An exporter that keeps every span and (re)writes one Chrome trace event file (`{ traceEvents }`) at
 * `path` after each batch, so the file is whole whenever a run stops. Open it in https://ui.perfetto.dev.
 *
 * @example
 * const tracing = setupTracing({ exporters: [chromeTraceExporter('.vega/traces/run-1.json')] });
 */
export function chromeTraceExporter(path: string): SpanExporter {
  const kept: ReadableSpan[] = [];
  let writing: Promise<void> = Promise.resolve();
  const write = async (): Promise<void> => {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, JSON.stringify(chromeTrace(kept)));
  };
  return {
    export(spans: ReadableSpan[], done: ExportResultCallback) {
      kept.push(...spans);
      writing = writing.then(() =>
        write().then(
          () => reportExport(done),
          (error: unknown) => reportExport(done, error),
        ),
      );
    },
    forceFlush: () => writing,
    shutdown: () => writing,
  };
}
