import { context, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { activeTracer, setActiveTracer } from './active-tracer.ts';
import { redactingExporter } from './redacting-exporter.ts';
import type { SpanRedactor } from './span-redactor.ts';

/** Options of {@link setupTracing}. */
export interface TracingSetupOptions {
  /** Where spans go; each gets its own processor. Extra ones (the store's) are simply added here. */
  readonly exporters: readonly SpanExporter[];
  /**
   * `batch` (default) queues spans and exports them in the background; `simple` exports each span as it
   * ends (tests, or exporters that must see every span at once); a function builds the processor of
   * each (redacted) exporter itself, like the store's, which also writes long-open spans.
   */
  readonly processor?: 'batch' | 'simple' | ((exporter: SpanExporter) => SpanProcessor);
  /** Applied to every span before any exporter sees it (the redaction seam). */
  readonly redactor?: SpanRedactor;
  /** Default `vega`. */
  readonly serviceName?: string;
  /** Make this Vega's active tracer, so the runtime's spans go to it. Default true. */
  readonly activate?: boolean;
}

/** Tracing that is set up: flush it at the end of a run and shut it down when done. */
export interface Tracing {
  readonly tracer: Tracer;
  /** Exports every span ended so far. */
  forceFlush(): Promise<void>;
  /** Flushes, shuts the exporters down and turns Vega's tracing off again. */
  shutdown(): Promise<void>;
}

/**
 * Sets up OpenTelemetry tracing for Vega: a tracer provider whose resource says `service.name=vega`,
 * one processor per exporter (each behind the redaction seam), and async-context propagation through
 * `AsyncLocalStorage` so spans started in awaited, parallel or queued code find their parent.
 *
 * @example
 * const tracing = setupTracing({ exporters: [jsonlSpanExporter('.vega/traces/run-1.jsonl')] });
 * try { await runtime.run(workflow); } finally { await tracing.shutdown(); }
 */
export function setupTracing(options: TracingSetupOptions): Tracing {
  ensureContextManager();
  const processors: SpanProcessor[] = options.exporters.map((raw) => {
    const exporter = options.redactor === undefined ? raw : redactingExporter(raw, options.redactor);
    if (typeof options.processor === 'function') return options.processor(exporter);
    return options.processor === 'simple'
      ? new SimpleSpanProcessor({ exporter })
      : new BatchSpanProcessor({ exporter });
  });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName ?? 'vega' }),
    spanProcessors: processors,
  });
  const tracer = provider.getTracer('vega');
  if (options.activate ?? true) setActiveTracer(tracer);
  let ended: Promise<void> | undefined;
  return {
    tracer,
    forceFlush: () => provider.forceFlush(),
    shutdown() {
      if (activeTracer() === tracer) setActiveTracer(undefined);
      ended ??= provider.shutdown();
      return ended;
    },
  };
}

let contextManagerSet = false;

/** Registers the async-hooks context manager once; an application's own registration is kept. */
function ensureContextManager(): void {
  if (contextManagerSet) return;
  contextManagerSet = true;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
}
