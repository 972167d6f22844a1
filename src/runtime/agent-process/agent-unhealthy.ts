import { VegaError } from '../../errors/vega-error.ts';

/** What a health monitor can flag. */
export type HealthProblem = 'stalled' | 'error-loop' | 'iteration-limit';

/**
 * The exit reason of an agent process its health monitor ended (`health.action: 'kill'`).
 *
 * @example
 * if (reason instanceof AgentUnhealthy && reason.problem === 'stalled') console.log('stuck:', reason.agent);
 */
export class AgentUnhealthy extends VegaError {
  readonly agent: string;
  readonly problem: HealthProblem;

  constructor(agent: string, problem: HealthProblem, detail: string) {
    super('agent_unhealthy', `Agent '${agent}' was stopped by its health monitor (${problem}): ${detail}.`, {
      hint:
        problem === 'stalled'
          ? 'Raise health.stallMs if its turns are legitimately slow, or add a timeout to the tool that hangs.'
          : problem === 'iteration-limit'
            ? 'Raise health.maxIterations, or give the agent a smaller task.'
            : 'The same error keeps coming back after restarts: fix its cause rather than restarting.',
    });
    this.name = 'AgentUnhealthy';
    this.agent = agent;
    this.problem = problem;
  }
}
