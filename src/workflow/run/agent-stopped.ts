import { VegaError } from '../../errors/vega-error.ts';
import { describeExitReason, type ExitReason } from '../../runtime/process/exit-reason.ts';

/**
 * A step asked an agent that its supervision stopped: it failed with `strategy: stop` (a temporary
 * child), so it is not restarted for the rest of the run. `cause` is the failure that stopped it.
 *
 * @example
 * if (error instanceof AgentStopped) console.log(error.agent, error.cause);
 */
export class AgentStopped extends VegaError {
  readonly agent: string;

  constructor(agent: string, reason: ExitReason | undefined) {
    super(
      'agent_stopped',
      reason === undefined
        ? `Agent '${agent}' was stopped by its supervision and is not running.`
        : `Agent '${agent}' failed and was stopped by its supervision (strategy stop): ${describeExitReason(reason)}.`,
      {
        ...(reason instanceof Error ? { cause: reason } : {}),
        hint: "Use supervision strategy 'restart' to restart it instead, or continue_on_error on the step.",
      },
    );
    this.name = 'AgentStopped';
    this.agent = agent;
  }
}
