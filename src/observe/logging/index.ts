export { type ClosableLogger, type CreateLoggerOptions, createLogger } from './create-logger.ts';
export { EVENT_LOG_ENTRIES, type EventLogEntry } from './event-log-levels.ts';
export { formatLogRecord } from './format-log-record.ts';
export { type EventLogWriter, eventLogWriter } from './log-events.ts';
export { LOGGER_LEVELS, type LogFormat, type Logger, type LogLevel, type LogMethod } from './logger.ts';
