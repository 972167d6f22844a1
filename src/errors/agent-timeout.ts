import { VegaError } from './vega-error.ts';

/**
 * An agent run did not finish within its time limit (a workflow step's `timeout:`); the model call or
 * tool in flight was aborted.
 *
 * @example
 * catch (error) { if (AgentTimeout.isAgentTimeout(error)) console.log(error.agent, error.timeoutMs); }
 */
export class AgentTimeout extends VegaError {
  readonly agent: string;
  readonly timeoutMs: number;

  constructor(agent: string, timeoutMs: number) {
    super('agent_timeout', `Agent '${agent}' did not finish within ${timeoutMs} ms.`, {
      hint: "Raise the step's timeout, ask for less work, or lower max_tokens.",
    });
    this.name = 'AgentTimeout';
    this.agent = agent;
    this.timeoutMs = timeoutMs;
  }

  static isAgentTimeout(error: unknown): error is AgentTimeout {
    return VegaError.isInstance(error) && error.code === 'agent_timeout';
  }
}
