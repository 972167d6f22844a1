/** The words of `settings.logging.level`, least severe first. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** The words of `settings.logging.format`: JSON lines for machines, one line of text for people. */
export const LOG_FORMATS = ['json', 'text'] as const;

/** Where `settings.tracing` sends spans. */
export const TRACE_EXPORTERS = ['jsonl', 'otlp', 'chrome', 'store'] as const;

/** `settings.logging`: how much a run logs, and to which file. */
export interface LoggingSettings {
  readonly level?: (typeof LOG_LEVELS)[number];
  /** Absolute, resolved against the workflow file's folder. */
  readonly file?: string;
  readonly format?: (typeof LOG_FORMATS)[number];
}

/** `settings.tracing`: whether a run is traced, where the spans go, and (for `otlp`) the collector. */
export interface TracingSettings {
  readonly enabled?: boolean;
  readonly exporter?: (typeof TRACE_EXPORTERS)[number];
  /** An http(s) URL, such as `http://127.0.0.1:4318`. */
  readonly endpoint?: string;
}
