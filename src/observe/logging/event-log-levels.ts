import type { LogLevel } from './logger.ts';

/** How an event is logged: its level, the part of Vega it comes from, and the message. */
export interface EventLogEntry {
  readonly level: LogLevel;
  readonly component: string;
  readonly message: string;
}

const entry = (level: LogLevel, component: string, message: string): EventLogEntry => ({
  level,
  component,
  message,
});

/**
 * Which events are logged and how: run start and end at `info` (a failure at `error`), steps and model
 * and tool calls at `debug` (their ends carry tokens and cost), retries, budgets, breakers and fallbacks
 * at `info`/`warn`, supervisor restarts at `warn`, a supervisor giving up and a crashed process at
 * `error`. Events not listed are not logged.
 */
export const EVENT_LOG_ENTRIES: Readonly<Record<string, EventLogEntry>> = {
  'run-started': entry('info', 'run', 'run started'),
  'run-resumed': entry('info', 'run', 'run resumed'),
  'run-completed': entry('info', 'run', 'run completed'),
  'run-failed': entry('error', 'run', 'run failed'),
  'run-cancelled': entry('warn', 'run', 'run cancelled'),
  'step-started': entry('debug', 'workflow', 'step started'),
  'step-completed': entry('debug', 'workflow', 'step ended'),
  'step-failed': entry('warn', 'workflow', 'step failed'),
  'model-call-started': entry('debug', 'agent', 'model call started'),
  'model-call-completed': entry('debug', 'agent', 'model call ended'),
  'model-call-failed': entry('warn', 'agent', 'model call failed'),
  'tool-call-started': entry('debug', 'agent', 'tool call started'),
  'tool-call-completed': entry('debug', 'agent', 'tool call ended'),
  'tool-call-failed': entry('warn', 'agent', 'tool call failed'),
  'retry-scheduled': entry('info', 'pipeline', 'retry scheduled'),
  'breaker-state': entry('warn', 'pipeline', 'circuit breaker changed state'),
  'model-fallback': entry('warn', 'pipeline', 'fell back to another model'),
  'rate-limit-wait': entry('debug', 'pipeline', 'waiting for the rate limit'),
  'rate-limit-learned': entry('info', 'pipeline', 'learned a rate limit from the provider'),
  'budget-threshold': entry('info', 'budget', 'budget threshold crossed'),
  'budget-exceeded': entry('warn', 'budget', 'budget exceeded'),
  'budget-paused': entry('warn', 'budget', 'budget paused the run'),
  'budget-resumed': entry('info', 'budget', 'budget resumed the run'),
  'budget-webhook-failed': entry('warn', 'budget', 'budget webhook failed'),
  'process-spawn': entry('debug', 'supervisor', 'process started'),
  'process-exit': entry('debug', 'supervisor', 'process ended'),
  'process-restart': entry('warn', 'supervisor', 'supervisor restarted a child'),
  'supervisor-give-up': entry('error', 'supervisor', 'supervisor gave up'),
  'process-stop': entry('debug', 'supervisor', 'process stopped'),
  'process-error': entry('error', 'supervisor', 'process crashed'),
  'agent-health': entry('info', 'supervisor', 'agent health changed'),
};
