import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { SpanExporter } from '@opentelemetry/sdk-trace';

/** Where {@link otlpSpanExporter} sends spans. */
export interface OtlpExporterOptions {
  /**
   * The collector's base URL (`http://127.0.0.1:4318`, `/v1/traces` is appended) — `settings.tracing.endpoint`.
   * Wins over the environment.
   */
  readonly endpoint?: string;
  /** Read for the standard `OTEL_EXPORTER_OTLP_*` variables. Pass the CLI's environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The official OTLP/HTTP (JSON) exporter, configured from `endpoint` or the standard variables:
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (used as is), `OTEL_EXPORTER_OTLP_ENDPOINT` (`/v1/traces`
 * appended), `OTEL_EXPORTER_OTLP_HEADERS` and `OTEL_EXPORTER_OTLP_TRACES_HEADERS` (`key=value,…`).
 * Default `http://localhost:4318/v1/traces`.
 *
 * @example
 * const exporter = otlpSpanExporter({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' } });
 */
export function otlpSpanExporter(options: OtlpExporterOptions = {}): SpanExporter {
  const config = otlpConfiguration(options);
  return new OTLPTraceExporter(config) as unknown as SpanExporter;
}

/**
 * The URL and headers {@link otlpSpanExporter} uses.
 *
 * @example
 * otlpConfiguration({ endpoint: 'http://127.0.0.1:4318' }); // { url: 'http://127.0.0.1:4318/v1/traces', headers: {} }
 */
export function otlpConfiguration(options: OtlpExporterOptions): {
  url: string;
  headers: Record<string, string>;
} {
  const env = options.env ?? {};
  const url =
    (options.endpoint === undefined ? undefined : signalUrl(options.endpoint)) ??
    nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) ??
    mapDefined(nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT), signalUrl) ??
    'http://localhost:4318/v1/traces';
  return {
    url,
    headers: {
      ...parseHeaders(env.OTEL_EXPORTER_OTLP_HEADERS),
      ...parseHeaders(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS),
    },
  };
}

function signalUrl(base: string): string {
  return `${base.replace(/\/+$/, '')}/v1/traces`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function mapDefined<T, U>(value: T | undefined, map: (value: T) => U): U | undefined {
  return value === undefined ? undefined : map(value);
}

/** `key1=value1,key2=value2`, values URL-encoded, as the OTLP exporter specification defines. */
function parseHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (text === undefined) return headers;
  for (const pair of text.split(',')) {
    const equals = pair.indexOf('=');
    if (equals <= 0) continue;
    const key = pair.slice(0, equals).trim();
    const value = pair.slice(equals + 1).trim();
    try {
      headers[key] = decodeURIComponent(value);
    } catch {
      headers[key] = value;
    }
  }
  return headers;
}
