import { MaxTurnsExceeded } from '../errors/max-turns-exceeded.ts';
import type { PreparedAgent } from './prepared-agent.ts';
import type { RunState } from './run-state.ts';
import type { TurnResponse } from './turn-response.ts';

/**
 * Folds a model reply into the run: records its usage and cost, and says whether tools must run
 * (`'tools'`) or the run is done (`'done'`). Throws {@link MaxTurnsExceeded} when tools are asked for
 * after the last allowed turn; the unanswered tool calls are left out of the partial conversation.
 */
export function resolveTurn<Output>(
  agent: PreparedAgent<Output>,
  state: RunState,
  response: TurnResponse,
): 'tools' | 'done' {
  const { call, recorded } = response;
  const model = call?.model ?? agent.model;
  state.recordModelCall(
    recorded === undefined
      ? {
          turn: state.turn,
          provider: model.provider,
          model: model.modelId,
          usage: response.usage,
          cost: call?.cost ?? agent.environment.costOf(model, response.usage),
          finishReason: response.finishReason,
          ...(call === undefined ? {} : { attempts: call.attempts, waitedMs: call.waitedMs }),
          ...(call?.fallbackFrom === undefined ? {} : { fallbackFrom: call.fallbackFrom }),
        }
      : {
          turn: state.turn,
          provider: recorded.provider,
          model: recorded.model,
          usage: recorded.usage,
          cost: recorded.cost,
          finishReason: recorded.finishReason,
          ...(recorded.attempts === undefined ? {} : { attempts: recorded.attempts }),
          ...(recorded.waitedMs === undefined ? {} : { waitedMs: recorded.waitedMs }),
          ...(recorded.fallbackFrom === undefined ? {} : { fallbackFrom: recorded.fallbackFrom }),
          fromJournal: true,
        },
  );
  state.finishReason = response.finishReason;
  if (response.toolCalls.length > 0 && state.turn >= agent.maxTurns) {
    throw new MaxTurnsExceeded(agent.name, agent.maxTurns, state.result<unknown>(state.text));
  }
  state.text = response.text;
  state.messages.push(response.assistantMessage);
  return response.toolCalls.length > 0 ? 'tools' : 'done';
}
