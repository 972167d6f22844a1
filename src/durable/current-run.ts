import { AsyncLocalStorage } from 'node:async_hooks';
import type { RunEventLog } from './run-event-log.ts';

/** The durable run the current async context belongs to. */
export interface CurrentRun {
  readonly runId: string;
  /** Its event log; absent while replaying (a replay writes nothing). */
  readonly events: RunEventLog | undefined;
}

/**
 * Which run is executing in this async context: lets events raised deep in shared parts (a budget
 * alert, a breaker opening, a retry) be written to the log of the run they happened in.
 *
 * @example
 * policyEvents.subscribe((event) => currentRun.getStore()?.events?.append(event.type, event));
 */
export const currentRun = new AsyncLocalStorage<CurrentRun>();
