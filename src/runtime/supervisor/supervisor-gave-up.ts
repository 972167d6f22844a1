import type { ProcessIdentity } from '../../errors/process-errors.ts';
import { VegaError } from '../../errors/vega-error.ts';
import { describeExitReason, type ExitReason } from '../process/exit-reason.ts';
import type { RestartIntensity } from './supervision-types.ts';

/**
 * The exit reason of a supervisor that gave up: a child failed more often than its restart intensity
 * allows, or a child that escalates failed. `cause` is the child's own failure, so the chain reads
 * from the top of the tree down to the first crash.
 *
 * @example
 * const reason = await runtime.whenExited(root);
 * if (reason instanceof SupervisorGaveUp) console.log(reason.child, reason.cause);
 */
export class SupervisorGaveUp extends VegaError {
  readonly supervisor: ProcessIdentity;
  readonly child: string;
  readonly childReason: ExitReason;
  readonly escalated: boolean;

  constructor(
    supervisor: ProcessIdentity,
    child: string,
    childReason: ExitReason,
    details: { readonly escalated: boolean; readonly intensity: RestartIntensity },
  ) {
    const who =
      supervisor.name === undefined ? `Supervisor <${supervisor.id}>` : `Supervisor '${supervisor.name}'`;
    const why = details.escalated
      ? `child '${child}' failed and escalates (${describeExitReason(childReason)})`
      : `child '${child}' failed more than ${details.intensity.maxRestarts} times within ${details.intensity.windowMs} ms (last: ${describeExitReason(childReason)})`;
    super('supervisor_gave_up', `${who} gave up: ${why}.`, {
      ...(typeof childReason === 'string' ? {} : { cause: childReason }),
      hint: details.escalated
        ? 'The failure is passed up on purpose (strategy escalate); handle it in the parent, or use restart.'
        : 'Raise max_restarts or window if these failures are expected, add a backoff, or fix the failure it names.',
    });
    this.name = 'SupervisorGaveUp';
    this.supervisor = { id: supervisor.id, name: supervisor.name };
    this.child = child;
    this.childReason = childReason;
    this.escalated = details.escalated;
  }
}
