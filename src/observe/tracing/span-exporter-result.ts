import type { SpanExporter } from '@opentelemetry/sdk-trace';

/** The callback an exporter reports each batch's result to. */
export type ExportResultCallback = Parameters<SpanExporter['export']>[1];

/**
 * Reports the end of an export: success, or failure with the error.
 *
 * @example
 * write(spans).then(() => reportExport(done), (error) => reportExport(done, error));
 */
export function reportExport(callback: ExportResultCallback, error?: unknown): void {
  if (error === undefined) callback({ code: 0 });
  else callback({ code: 1, error: error instanceof Error ? error : new Error(String(error)) });
}
