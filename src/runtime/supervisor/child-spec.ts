import type { AnyServer, ProcessBody, SpawnOptions } from '../process/behaviour.ts';
import type { ExitReason } from '../process/exit-reason.ts';
import type { BackoffOptions, RestartIntensity, RestartStrategy, RestartType } from './supervision-types.ts';

/** How a supervisor stops a child: ms to end by itself after `shutdown`, then a kill; or kill at once; or wait for ever. */
export type ChildShutdown = number | 'brutal_kill' | 'infinity';

/**
 * A child of a supervisor: what to run and how to treat its exits. Children start in list order and
 * stop in reverse order.
 *
 * @example
 * const worker: ChildSpec = { id: 'indexer', start: indexerServer, restart: 'transient', shutdown: 2_000 };
 */
export interface ChildSpec {
  /** Unique among the supervisor's children; events and errors name the child by it. */
  readonly id: string;
  /** The child's behaviour: an async body, a server, or `supervisor({...})` for a subtree. */
  readonly start: ProcessBody<never> | AnyServer;
  /** Default: the supervisor's policy's restart type (OTP: `permanent`). */
  readonly restart?: RestartType;
  /** Default 5,000 ms; `infinity` for a child that is itself a supervisor. */
  readonly shutdown?: ChildShutdown;
  /** A failure of this child goes straight to the supervisor's parent: the supervisor gives up at once. */
  readonly escalate?: boolean;
  /**
   * Which siblings restart when this child fails, instead of the supervisor's strategy (a Vega
   * extension: an agent declaring `restart_all` restarts its team, its neighbours keep theirs).
   */
  readonly strategy?: RestartStrategy;
  /** This child's own restart intensity, counted apart from the supervisor's shared one. */
  readonly intensity?: RestartIntensity;
  /** This child's own restart backoff, instead of the supervisor's. */
  readonly backoff?: BackoffOptions;
  /** Name, mailbox and trapExits of the child process (it is always linked to the supervisor). */
  readonly options?: Omit<SpawnOptions, 'link'>;
}

/** What `onFailure` is told: a child ended abnormally. */
export interface ChildFailure {
  readonly child: string;
  readonly pid: number;
  readonly reason: ExitReason;
}

/** What `onRestart` is told. */
export interface ChildRestart {
  readonly child: string;
  readonly pid: number;
  readonly previous: number | undefined;
  readonly reason: ExitReason;
  readonly attempt: number;
  readonly delayMs: number;
}

/** What `onGiveUp` is told. */
export interface SupervisorGiveUp {
  readonly child: string;
  readonly reason: ExitReason;
  readonly restarts: number;
  readonly escalated: boolean;
}

/** A child as `whichChildren` reports it. */
export interface ChildStatus {
  readonly id: string;
  /** The running process's id; undefined while the child is down (waiting for a restart, or ended for good). */
  readonly pid: number | undefined;
  readonly restart: RestartType;
  /** `running`; `restarting` while a backoff delay runs; `stopped` when it ended and will not restart. */
  readonly state: 'running' | 'restarting' | 'stopped';
  /** Times this child has been restarted. */
  readonly restarts: number;
  readonly supervisor: boolean;
}
