import { resolve } from 'node:path';
import { type ClosableLogger, createLogger } from '../observe/logging/create-logger.ts';
import { createRedactor } from '../observe/redact/redactor.ts';
import type { LoggingSettings } from '../workflow/document/observability-settings.ts';
import type { CliIo } from './cli-io.ts';
import { readLogLevel } from './parse-run-arguments.ts';

/** What the command line says about logs. */
export interface LogArguments {
  readonly logLevel?: LoggingSettings['level'];
  readonly logFile?: string;
}

/**
 * The run's logger, when logs were asked for — by `--log-level`, `--log-file`, `VEGA_LOG_LEVEL`,
 * `VEGA_LOG_FILE` or `settings.logging` (in that order of precedence) — else `undefined`: by default a
 * run logs nothing, since stderr already shows its progress and events. Logs go to the file (JSON
 * lines, appended) or to stderr (`text` on a terminal, JSON lines on a pipe); `settings.logging.format`
 * overrides the format. Every line is redacted with the command's environment.
 *
 * @example
 * const logging = openRunLogger({ logLevel: 'debug' }, document.settings.logging, io);
 * try { ... } finally { logging?.close(); }
 */
export function openRunLogger(
  args: LogArguments,
  settings: LoggingSettings | undefined,
  io: CliIo,
): ClosableLogger | undefined {
  const fromEnv =
    io.env.VEGA_LOG_LEVEL === undefined || io.env.VEGA_LOG_LEVEL === ''
      ? undefined
      : readLogLevel(io.env.VEGA_LOG_LEVEL, 'VEGA_LOG_LEVEL');
  const level = args.logLevel ?? fromEnv ?? settings?.level;
  const fileFromEnv = io.env.VEGA_LOG_FILE === '' ? undefined : io.env.VEGA_LOG_FILE;
  const given = args.logFile ?? fileFromEnv;
  const file = given === undefined ? settings?.file : resolve(io.cwd, given);
  if (level === undefined && file === undefined) return undefined;
  return createLogger({
    level: level ?? 'info',
    format: settings?.format ?? (file === undefined && io.color ? 'text' : 'json'),
    ...(file === undefined ? { stream: { write: (text: string) => io.stderr(text) } } : { file }),
    color: io.color,
    redactor: createRedactor({ env: io.env }),
  });
}
