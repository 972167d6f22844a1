import type { AgentResult } from './agent-result.ts';
import type { AgentStreamPart } from './agent-stream-part.ts';
import { executeTools, toolMessage } from './execute-tools.ts';
import { prepareTurn } from './prepare-turn.ts';
import type { PreparedAgent } from './prepared-agent.ts';
import { resolveOutput } from './resolve-output.ts';
import { resolveTurn } from './resolve-turn.ts';
import type { RunState } from './run-state.ts';
import { streamModelTurn } from './stream-model-turn.ts';
import type { TurnResponse } from './turn-response.ts';

/**
 * The tool loop of {@link runAgentLoop}, streaming: the same turns, with every delta, tool call, tool
 * result and usage yielded as it happens. Returns the result when the model answers without tools.
 */
export async function* streamAgentLoop<Output>(
  agent: PreparedAgent<Output>,
  state: RunState,
  signal: AbortSignal,
  onTurnEnd?: (turn: number) => void,
): AsyncGenerator<AgentStreamPart<Output>, AgentResult<Output>> {
  for (;;) {
    signal.throwIfAborted();
    state.turn += 1;
    const turn = state.turn;
    yield { type: 'turn-start', turn };
    let response: TurnResponse;
    try {
      response = yield* streamModelTurn(agent, prepareTurn(agent, state, signal), turn);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw error;
    }
    const outcome = resolveTurn(agent, state, response);
    const last = state.modelCalls[state.modelCalls.length - 1]!;
    yield { type: 'usage', turn, model: last.model, usage: last.usage, cost: last.cost };
    if (outcome === 'done') {
      const result = state.result(resolveOutput(agent, state.text));
      onTurnEnd?.(turn);
      yield { type: 'turn-end', turn, finishReason: response.finishReason };
      return result;
    }
    const records = await executeTools(agent, response.toolCalls, turn, signal);
    state.toolCalls.push(...records);
    state.messages.push(toolMessage(records));
    for (const record of records) {
      yield {
        type: 'tool-result',
        turn,
        toolCallId: record.toolCallId,
        toolName: record.toolName,
        output: record.output,
        isError: record.isError,
      };
    }
    onTurnEnd?.(turn);
    yield { type: 'turn-end', turn, finishReason: response.finishReason };
  }
}
