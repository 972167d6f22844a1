import { EVENT_LOG_ENTRIES, type EventLogEntry } from './event-log-levels.ts';
import type { Logger } from './logger.ts';

/** Logs events by type (see {@link EVENT_LOG_ENTRIES}); `runId` is added when known. */
export type EventLogWriter = (type: string, payload: unknown, runId?: string) => void;

/**
 * A function that logs Vega's events — run, step, model-call and tool-call events of the run's event
 * log, policy events, process and supervisor events — each at its level with its `component`. Events
 * whose level is off cost one lookup and one `isLevelEnabled` check.
 *
 * @example
 * const log = eventLogWriter(logger);
 * runtime.policyEvents.on((event) => log(event.type, event));
 */
export function eventLogWriter(logger: Logger): EventLogWriter {
  const children = new Map<string, Logger>();
  const childOf = (entry: EventLogEntry): Logger => {
    let child = children.get(entry.component);
    if (child === undefined) {
      child = logger.child({ component: entry.component });
      children.set(entry.component, child);
    }
    return child;
  };
  return (type, payload, runId) => {
    const entry = EVENT_LOG_ENTRIES[type];
    if (entry === undefined || !logger.isLevelEnabled(entry.level)) return;
    const fields = typeof payload === 'object' && payload !== null ? { ...(payload as object) } : { payload };
    delete (fields as { type?: unknown }).type;
    const pid = (fields as { pid?: unknown }).pid;
    if (typeof pid === 'number') (fields as { processId?: string }).processId = String(pid);
    childOf(entry)[entry.level](
      { event: type, ...(runId === undefined ? {} : { runId }), ...fields },
      entry.message,
    );
  };
}
