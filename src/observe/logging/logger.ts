/** Log levels, least severe first (pino's names). */
export const LOGGER_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** A level a record is written at. */
export type LogLevel = (typeof LOGGER_LEVELS)[number];

/** How a record looks: `json` (pino's JSON lines, for machines) or `text` (one line for a person). */
export type LogFormat = 'json' | 'text';

/** One way of writing a record: with fields first (pino's order), or a message alone. */
export interface LogMethod {
  (fields: Record<string, unknown>, message?: string): void;
  (message: string): void;
}

/**
 * What Vega logs through: the few methods it calls of a pino logger, so any pino logger (or one that
 * behaves like it) can be given to `createRuntime({ logger })`. Callers guard costly fields with
 * `isLevelEnabled`.
 *
 * @example
 * const log = logger.child({ component: 'pipeline' });
 * if (log.isLevelEnabled('debug')) log.debug({ model, tokens }, 'model call ended');
 */
export interface Logger {
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  isLevelEnabled(level: string): boolean;
  child(bindings: Record<string, unknown>): Logger;
  /** Writes out what is buffered (pino's `flush`). */
  flush?(callback?: (error?: Error) => void): void;
}
