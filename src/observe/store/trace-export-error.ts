import { VegaError } from '../../errors/vega-error.ts';

/**
 * Stored spans could not be exported (the OTLP collector refused them or could not be reached). Code
 * `trace_export_failed`.
 *
 * @example
 * throw new TraceExportError('http://127.0.0.1:4318/v1/traces', cause);
 */
export class TraceExportError extends VegaError {
  readonly destination: string;

  constructor(destination: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('trace_export_failed', `Could not export the spans to ${destination}: ${reason}`, {
      cause,
      hint: 'Check that the collector runs and OTEL_EXPORTER_OTLP_ENDPOINT points at it.',
    });
    this.name = 'TraceExportError';
    this.destination = destination;
  }
}
