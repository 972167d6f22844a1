import type { AgentResult } from '../agent/agent-result.ts';
import { VegaError } from './vega-error.ts';

/**
 * An agent made `maxTurns` model calls and the model still asked for tools. Carries the partial result
 * (usage, cost, tool calls and conversation so far), so nothing that was paid for is lost.
 *
 * @example
 * catch (error) { if (error instanceof MaxTurnsExceeded) console.log(error.partial.cost.usd); }
 */
export class MaxTurnsExceeded extends VegaError {
  readonly agent: string;
  readonly maxTurns: number;
  readonly partial: AgentResult<unknown>;

  constructor(agent: string, maxTurns: number, partial: AgentResult<unknown>) {
    super(
      'max_turns_exceeded',
      `Agent '${agent}' reached its limit of ${maxTurns} turns without a final answer.`,
      {
        hint: 'Raise maxTurns (max_turns in YAML), or make the task smaller so the model needs fewer tool calls.',
      },
    );
    this.name = 'MaxTurnsExceeded';
    this.agent = agent;
    this.maxTurns = maxTurns;
    this.partial = partial;
  }
}
