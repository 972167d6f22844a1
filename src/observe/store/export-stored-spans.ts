import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { StoredSpan } from '../../spec/store.ts';
import { chromeTrace } from '../tracing/chrome-trace.ts';
import { otlpConfiguration, otlpSpanExporter } from '../tracing/otlp-span-exporter.ts';
import { spanRecord } from '../tracing/span-record.ts';
import { readableSpanOf } from './readable-span-of.ts';
import { TraceExportError } from './trace-export-error.ts';

/** The formats stored spans are exported in. */
export const TRACE_EXPORT_FORMATS = ['chrome', 'jsonl', 'otlp'] as const;
export type TraceExportFormat = (typeof TRACE_EXPORT_FORMATS)[number];

/**
 * Stored spans as the SDK's spans; a span that never ended ends when the last span of them did.
 *
 * @example
 * const spans = readableSpansOf(await store.listSpans({ runId }));
 */
export function readableSpansOf(spans: readonly StoredSpan[]): ReadableSpan[] {
  const lastUs = Math.max(0, ...spans.map((span) => span.endUs ?? span.startUs));
  return spans.map((span) => readableSpanOf(span, lastUs));
}

/**
 * Stored spans as text in the tracing formats Vega writes live: a Chrome trace (JSON, opens in
 * Perfetto) or JSON Lines of span records — the same definitions as the live exporters.
 *
 * @example
 * await writeFile('trace.json', storedSpansText(spans, 'chrome'));
 */
export function storedSpansText(spans: readonly StoredSpan[], format: 'chrome' | 'jsonl'): string {
  const readable = readableSpansOf(spans);
  if (format === 'chrome') return `${JSON.stringify(chromeTrace(readable))}\n`;
  return readable.map((span) => `${JSON.stringify(spanRecord(span))}\n`).join('');
}

/**
 * Sends stored spans to an OTLP/HTTP collector configured by the standard `OTEL_EXPORTER_OTLP_*`
 * variables of `env`, and resolves with the URL once the collector accepted them. Rejects with a
 * {@link TraceExportError}.
 *
 * @example
 * const url = await sendStoredSpans(spans, io.env);
 */
export async function sendStoredSpans(
  spans: readonly StoredSpan[],
  env: Readonly<Record<string, string | undefined>>,
  signal?: AbortSignal,
): Promise<string> {
  signal?.throwIfAborted();
  const { url } = otlpConfiguration({ env });
  const exporter = otlpSpanExporter({ env });
  try {
    await new Promise<void>((resolve, reject) => {
      exporter.export(readableSpansOf(spans), (result) => {
        if (result.code === 0) resolve();
        else reject(result.error ?? new Error('the collector refused the spans'));
      });
    });
  } catch (error) {
    throw new TraceExportError(url, error);
  } finally {
    await exporter.shutdown();
  }
  return url;
}
