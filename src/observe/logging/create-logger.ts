import { trace } from '@opentelemetry/api';
import { type DestinationStream, pino } from 'pino';
import { createRedactor, type Redactor } from '../redact/redactor.ts';
import { formatLogRecord } from './format-log-record.ts';
import type { LogFormat, Logger, LogLevel } from './logger.ts';

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** The least severe level written; `silent` writes nothing. Default `info`. */
  readonly level?: LogLevel | 'silent';
  /** Default `json`. */
  readonly format?: LogFormat;
  /** Appends to this file (created with its folders), written synchronously: nothing is lost at exit. */
  readonly file?: string;
  /** Where lines go when there is no `file` (default standard error). */
  readonly stream?: { write(text: string): unknown };
  /** Colours the `text` format (a terminal without `NO_COLOR`). */
  readonly color?: boolean;
  /**
   * Every record passes through it (values under secret-like keys at any depth) and every line too
   * (secret values anywhere, errors' stacks included). Default one built from `process.env`.
   */
  readonly redactor?: Redactor;
  /** Fields of every record. */
  readonly bindings?: Record<string, unknown>;
}

/** A logger and how to end it. */
export interface ClosableLogger {
  readonly logger: Logger;
  /** Writes out what is buffered and closes the file. */
  close(): void;
}

/**
 * A pino logger writing JSON lines (`level`, `time`, `msg`, the bindings such as `component` and
 * `runId`, and `traceId`/`spanId` of the active OpenTelemetry span), or `text` lines for people. Every
 * line goes through the redactor last, so a secret in a message, a field or an error's stack is
 * replaced wherever it is.
 *
 * @example
 * const { logger, close } = createLogger({ level: 'debug', file: 'vega.log', redactor });
 * logger.child({ component: 'run' }).info({ runId }, 'run started');
 * close();
 */
export function createLogger(options: CreateLoggerOptions = {}): ClosableLogger {
  const file =
    options.file === undefined
      ? undefined
      : pino.destination({ dest: options.file, sync: true, mkdir: true, append: true });
  const sink: { write(text: string): unknown } = file ?? options.stream ?? process.stderr;
  const color = options.color ?? false;
  const destination: DestinationStream =
    options.format === 'text'
      ? { write: (line: string) => sink.write(`${formatLogRecord(JSON.parse(line), color)}\n`) }
      : (sink as DestinationStream);
  const redactor = options.redactor ?? createRedactor({ env: process.env });
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: options.bindings ?? null,
      mixin: traceFields,
      // Records are redacted by key (an `api_key` object), lines by value (a key inside a message).
      formatters: { log: (record) => redactor.value(record) },
      hooks: { streamWrite: (line: string) => redactor.text(line) },
    },
    destination,
  );
  return {
    logger: logger as unknown as Logger,
    close: () => {
      file?.flushSync();
      file?.end();
    },
  };
}

/** The active span's ids, so a log line can be found from its trace and the other way round. */
function traceFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (span === undefined) return {};
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}
