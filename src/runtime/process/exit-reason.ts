/**
 * Why a process ended. `normal`: its body returned (or it called `exit('normal')`). `shutdown`: it was
 * stopped on purpose, by its supervisor or by the runtime shutting down. `killed`: it was killed, or was
 * linked to a process that was (a kill cannot be trapped). `noproc`: the process did not exist when it
 * was linked to or monitored. An `Error`: it crashed, and the error says why.
 */
export type ExitReason = 'normal' | 'shutdown' | 'killed' | 'noproc' | Error;

/**
 * An exit signal's reason as sent with `exit(pid, reason)`: an exit reason, or `kill`, the one signal a
 * process cannot trap.
 */
export type ExitSignalReason = ExitReason | 'kill';

/**
 * True when the reason is a failure: anything but `normal` and `shutdown`. Transient children are
 * restarted only after such an exit, and links propagate only these to processes that do not trap
 * exits.
 *
 * @example
 * if (isAbnormalExit(event.reason)) console.error(describeExitReason(event.reason));
 */
export function isAbnormalExit(reason: ExitReason): boolean {
  return reason !== 'normal' && reason !== 'shutdown';
}

/**
 * One line for people: `normal`, `shutdown`, `killed`, `noproc`, or `error: <message>`.
 *
 * @example
 * describeExitReason(new Error('model error 500')); // 'error: model error 500'
 */
export function describeExitReason(reason: ExitReason): string {
  return typeof reason === 'string' ? reason : `error: ${reason.message}`;
}
