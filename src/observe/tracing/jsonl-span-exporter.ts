import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { type ExportResultCallback, reportExport } from './span-exporter-result.ts';
import { spanRecord } from './span-record.ts';

/**
 * An exporter that appends one {@link SpanRecord} per line to a file (created with its folder on the
 * first batch). Batches are written in order.
 *
 * @example
 * const tracing = setupTracing({ exporters: [jsonlSpanExporter('.vega/traces/run-1.jsonl')] });
 */
export function jsonlSpanExporter(path: string): SpanExporter {
  let writing: Promise<void> = Promise.resolve();
  let folderMade = false;
  const write = async (spans: readonly ReadableSpan[]): Promise<void> => {
    if (!folderMade) {
      await mkdir(dirname(path), { recursive: true });
      folderMade = true;
    }
    let text = '';
    for (const span of spans) text += `${JSON.stringify(spanRecord(span))}\n`;
    await appendFile(path, text);
  };
  return {
    export(spans: ReadableSpan[], done: ExportResultCallback) {
      writing = writing.then(
        () =>
          write(spans).then(
            () => reportExport(done),
            (error: unknown) => reportExport(done, error),
          ),
        () => {},
      );
    },
    forceFlush: () => writing,
    shutdown: () => writing,
  };
}
