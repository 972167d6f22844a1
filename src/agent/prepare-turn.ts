import { VEGA_PROVIDER_OPTIONS_KEY } from '../spec/call-metadata.ts';
import type { ModelCallOptions } from '../spec/model.ts';
import type { PreparedAgent } from './prepared-agent.ts';
import type { RunState } from './run-state.ts';

/**
 * The options of the next model call. The prompt is a shallow copy, so a model that keeps the options
 * (a recording test double, a logger) sees the conversation as it was at this call.
 */
export function prepareTurn<Output>(
  agent: PreparedAgent<Output>,
  state: RunState,
  signal: AbortSignal,
): ModelCallOptions {
  return {
    ...agent.baseOptions,
    prompt: state.messages.slice(),
    abortSignal: signal,
    providerOptions: { [VEGA_PROVIDER_OPTIONS_KEY]: { agent: agent.name, turn: state.turn } },
  };
}
