import type { AgentResult } from '../../agent/agent-result.ts';
import type { AgentInput } from '../../agent/initial-messages.ts';
import type { Address } from '../process/pid.ts';
import type { ProcessRuntime } from '../process/process-runtime.ts';

/**
 * Sends an input to an agent process and waits for its result. Unlike a plain `call`, it waits as long
 * as the agent takes unless given `timeoutMs`, since agent runs are measured in seconds to minutes.
 *
 * @example
 * const { text, cost } = await askAgent(runtime, 'writer', 'Summarise the thread.', { timeoutMs: 300_000 });
 */
export async function askAgent<Output = string>(
  runtime: ProcessRuntime,
  agent: Address,
  input: AgentInput,
  options: { readonly timeoutMs?: number; readonly signal?: AbortSignal } = {},
): Promise<AgentResult<Output>> {
  return runtime.call<AgentResult<Output>>(agent, input, {
    timeoutMs: options.timeoutMs ?? Number.POSITIVE_INFINITY,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
}
