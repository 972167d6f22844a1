import { resolve } from 'node:path';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { TracingSettings } from '../../workflow/document/observability-settings.ts';
import { storeSpanProcessor } from '../store/store-span-processor.ts';
import { chromeTraceExporter } from './chrome-trace-exporter.ts';
import { jsonlSpanExporter } from './jsonl-span-exporter.ts';
import { otlpConfiguration, otlpSpanExporter } from './otlp-span-exporter.ts';
import { setupTracing, type Tracing } from './setup-tracing.ts';
import type { SpanRedactor } from './span-redactor.ts';
import type { TraceTarget } from './trace-target.ts';

/** What {@link startRunTracing} needs to decide whether and where a run is traced. */
export interface RunTracingOptions {
  /** `--trace`: wins over the workflow's settings. */
  readonly target?: TraceTarget;
  /** `settings.tracing` of the workflow. */
  readonly settings?: TracingSettings;
  readonly runId: string;
  /** Files are resolved against it; default traces go to `<cwd>/.vega/traces/`. */
  readonly cwd: string;
  /** For `OTEL_EXPORTER_OTLP_*`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The store's exporter (`exporter: store`), made only when asked for. */
  readonly storeExporter?: () => SpanExporter;
  readonly redactor?: SpanRedactor;
}

/** Tracing of one run, and where its spans went (for the user: a file path or a URL). */
export interface RunTracing extends Tracing {
  readonly destination: string;
}

/**
 * Sets up tracing for one CLI run when `--trace` or `settings.tracing` asks for it (`enabled: true`, or
 * an exporter named; `enabled: false` turns it off unless `--trace` is given), else `undefined` (and
 * tracing costs nothing). The caller shuts it down when the run ends, failed or not.
 *
 * @example
 * const tracing = startRunTracing({ target: { exporter: 'jsonl' }, runId, cwd, env });
 * try { await run(); } finally { await tracing?.shutdown(); }
 */
export function startRunTracing(options: RunTracingOptions): RunTracing | undefined {
  const target = options.target ?? targetOfSettings(options.settings);
  if (target === undefined) return undefined;
  const { exporter, destination } = exporterFor(target, options);
  const tracing = setupTracing({
    exporters: [exporter],
    // The store also gets spans that stay open a while, so a crashed run shows them as unfinished.
    ...(target.exporter === 'store'
      ? { processor: (redacted) => storeSpanProcessor({ exporter: redacted }) }
      : {}),
    ...(options.redactor === undefined ? {} : { redactor: options.redactor }),
  });
  return { ...tracing, destination };
}

function targetOfSettings(settings: TracingSettings | undefined): TraceTarget | undefined {
  if (settings === undefined || settings.enabled === false) return undefined;
  if (settings.enabled !== true && settings.exporter === undefined) return undefined;
  const exporter = settings.exporter ?? 'jsonl';
  return exporter === 'otlp' && settings.endpoint !== undefined
    ? { exporter, location: settings.endpoint }
    : { exporter };
}

function exporterFor(
  target: TraceTarget,
  options: RunTracingOptions,
): { exporter: SpanExporter; destination: string } {
  switch (target.exporter) {
    case 'jsonl':
    case 'chrome': {
      const extension = target.exporter === 'jsonl' ? 'jsonl' : 'json';
      const path = resolve(options.cwd, target.location ?? `.vega/traces/${options.runId}.${extension}`);
      const exporter = target.exporter === 'jsonl' ? jsonlSpanExporter(path) : chromeTraceExporter(path);
      return { exporter, destination: path };
    }
    case 'otlp': {
      const settings = {
        env: options.env,
        ...(target.location === undefined ? {} : { endpoint: target.location }),
      };
      return { exporter: otlpSpanExporter(settings), destination: otlpConfiguration(settings).url };
    }
    case 'store': {
      if (options.storeExporter === undefined) throw new TypeError('Tracing to the store needs the store.');
      return { exporter: options.storeExporter(), destination: 'the store (vega trace)' };
    }
  }
}
