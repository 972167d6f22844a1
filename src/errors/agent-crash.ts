import { VegaError } from './vega-error.ts';

/**
 * Thrown by a tool to end its agent's run, and the agent's process, instead of reporting an error to
 * the model: the run rejects with it and, under supervision, the supervisor's strategy applies. Use it
 * when continuing would do harm (corrupted state, a violated invariant).
 *
 * @example
 * execute: async ({ path }) => {
 *   if (!existsSync(lockFile)) throw new AgentCrash('The workspace lock is gone; refusing to write.');
 * }
 */
export class AgentCrash extends VegaError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('agent_crash', message, options);
    this.name = 'AgentCrash';
  }
}
