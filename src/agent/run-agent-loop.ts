import type { AgentResult } from './agent-result.ts';
import { callModel } from './call-model.ts';
import { executeTools, toolMessage } from './execute-tools.ts';
import { journaledModelCall } from './journaled-model-call.ts';
import { prepareTurn } from './prepare-turn.ts';
import type { PreparedAgent } from './prepared-agent.ts';
import { resolveOutput } from './resolve-output.ts';
import { resolveTurn } from './resolve-turn.ts';
import type { RunState } from './run-state.ts';
import type { TurnResponse } from './turn-response.ts';

/**
 * The tool loop: call the model, run the tools it asks for, give it the results, until it answers
 * without tools or runs out of turns.
 */
export async function runAgentLoop<Output>(
  agent: PreparedAgent<Output>,
  state: RunState,
  signal: AbortSignal,
  onTurnEnd?: (turn: number) => void,
): Promise<AgentResult<Output>> {
  for (;;) {
    signal.throwIfAborted();
    state.turn += 1;
    let response: TurnResponse;
    try {
      const options = prepareTurn(agent, state, signal);
      const turn = state.turn;
      response = await journaledModelCall(agent, turn, options, () => callModel(agent, options, turn));
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw error;
    }
    if (resolveTurn(agent, state, response) === 'done') {
      onTurnEnd?.(state.turn);
      return state.result(resolveOutput(agent, state.text));
    }
    const records = await executeTools(agent, response.toolCalls, state.turn, signal);
    state.toolCalls.push(...records);
    state.messages.push(toolMessage(records));
    onTurnEnd?.(state.turn);
  }
}
