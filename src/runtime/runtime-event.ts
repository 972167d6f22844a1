import type { ExitReason } from './process/exit-reason.ts';

/** A process started. */
export interface ProcessSpawnEvent {
  readonly type: 'process-spawn';
  readonly at: number;
  readonly pid: number;
  readonly name: string | undefined;
  readonly parent: number | undefined;
}

/** A process ended. */
export interface ProcessExitEvent {
  readonly type: 'process-exit';
  readonly at: number;
  readonly pid: number;
  readonly name: string | undefined;
  readonly reason: ExitReason;
}

/** A supervisor restarted a child (`pid` is the new process, `previous` the one that ended). */
export interface ProcessRestartEvent {
  readonly type: 'process-restart';
  readonly at: number;
  readonly supervisor: number;
  readonly supervisorName: string | undefined;
  readonly child: string;
  readonly pid: number;
  readonly previous: number | undefined;
  /** Why the child (or, for one_for_all and rest_for_one, the sibling that failed) ended. */
  readonly reason: ExitReason;
  /** Restarts of this child so far, this one included. */
  readonly attempt: number;
  /** The backoff waited before this restart. */
  readonly delayMs: number;
}

/** A supervisor exceeded its restart intensity (or a child escalated) and is ending with `reason`. */
export interface SupervisorGiveUpEvent {
  readonly type: 'supervisor-give-up';
  readonly at: number;
  readonly supervisor: number;
  readonly supervisorName: string | undefined;
  /** The child whose failure it could not absorb. */
  readonly child: string;
  readonly reason: ExitReason;
  /** Restarts within the window when it gave up. */
  readonly restarts: number;
  readonly escalated: boolean;
}

/** A supervised child ended and will not be restarted (a temporary child, or a transient one that ended normally). */
export interface ProcessStopEvent {
  readonly type: 'process-stop';
  readonly at: number;
  readonly supervisor: number;
  readonly supervisorName: string | undefined;
  readonly child: string;
  readonly pid: number;
  readonly reason: ExitReason;
}

/** A health monitor flagged an agent process. */
export interface AgentHealthEvent {
  readonly type: 'agent-health';
  readonly at: number;
  readonly pid: number;
  readonly agent: string;
  readonly problem: 'stalled' | 'error-loop' | 'iteration-limit';
  readonly detail: string;
}

/** Cleanup code failed (a server's `terminate`, an event listener): reported, never raised. */
export interface ProcessErrorEvent {
  readonly type: 'process-error';
  readonly at: number;
  readonly pid: number | undefined;
  readonly error: unknown;
  readonly during: string;
}

/** Everything the process runtime reports, named `<noun>-<action>`. */
export type RuntimeEvent =
  | ProcessSpawnEvent
  | ProcessExitEvent
  | ProcessRestartEvent
  | ProcessStopEvent
  | SupervisorGiveUpEvent
  | AgentHealthEvent
  | ProcessErrorEvent;

/** Receives runtime events synchronously; keep it quick. */
export type RuntimeEventListener = (event: RuntimeEvent) => void;
