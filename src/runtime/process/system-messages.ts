import type { ExitReason } from './exit-reason.ts';
import type { Pid } from './pid.ts';

/**
 * An exit signal turned into a message, for a process that traps exits: `from` ended (or called
 * `exit`) with `reason`. `from` is undefined when the runtime itself sent it (on shutdown).
 *
 * @example
 * self.trapExits = true;
 * const message = await self.receive(isExitMessage);
 */
export class ExitMessage {
  readonly type = 'exit' as const;
  readonly from: Pid | undefined;
  readonly reason: ExitReason;

  constructor(from: Pid | undefined, reason: ExitReason) {
    this.from = from;
    this.reason = reason;
  }
}

/** A monitor's handle, returned by `monitor` and carried by the `DownMessage` it produces. */
export interface MonitorRef {
  readonly id: number;
  readonly target: Pid;
}

/**
 * The monitored process ended with `reason` (`noproc` if it was not alive when the monitor was set).
 *
 * @example
 * const ref = self.monitor(worker);
 * const down = await self.receive((m): m is DownMessage => m instanceof DownMessage && m.ref === ref);
 */
export class DownMessage {
  readonly type = 'down' as const;
  readonly ref: MonitorRef;
  readonly pid: Pid;
  readonly reason: ExitReason;

  constructor(ref: MonitorRef, pid: Pid, reason: ExitReason) {
    this.ref = ref;
    this.pid = pid;
    this.reason = reason;
  }
}

/** Messages the runtime itself delivers. */
export type SystemMessage = ExitMessage | DownMessage;

/** True for an {@link ExitMessage}. @example self.receive(isExitMessage) */
export const isExitMessage = (message: unknown): message is ExitMessage => message instanceof ExitMessage;

/** True for a {@link DownMessage}. @example self.receive(isDownMessage) */
export const isDownMessage = (message: unknown): message is DownMessage => message instanceof DownMessage;
