import type { AgentEnvironment } from '../../agent/agent-environment.ts';
import type { AgentResult } from '../../agent/agent-result.ts';
import { type Agent, defineAgent } from '../../agent/define-agent.ts';
import type { BudgetScope } from '../../policy/budget/budget-scope.ts';
import type { JournalPosition } from '../../spec/effect-journal.ts';
import type { ModelMessage } from '../../spec/model.ts';
import type { AgentMemory } from '../document/agent-definition.ts';
import { boundHistory } from './bound-history.ts';

const SUMMARY_SYSTEM =
  'You summarise conversations. Keep every fact, decision, name and number that later turns may need. ' +
  'Reply with the summary only, in a few short paragraphs.';

/** Where one request's history is bounded: its signal, budget and journal position. */
export interface HistoryRequest {
  readonly signal: AbortSignal;
  readonly budget?: BudgetScope;
  readonly journal?: JournalPosition;
}

/**
 * The function that bounds an agent's history before each request, per its `memory:` block; with
 * `strategy: summarize`, the summary is a call to the agent's own model (as agent `<id>`, so scripted
 * replies can target it), charged to the request's budget and journaled at `<request key>/summary`,
 * so a resumed run gets it back without calling again. `onSummary` is told each summary call's result.
 * Undefined when the agent has no `max_history_tokens`.
 *
 * @example
 * const prepare = historyBounder(agent, definition.memory, { environment });
 * const history = await prepare?.(messages, { signal });
 */
export function historyBounder(
  agent: Agent,
  memory: AgentMemory | undefined,
  options: {
    readonly environment: AgentEnvironment;
    readonly onSummary?: (result: AgentResult) => void;
  },
):
  | ((messages: readonly ModelMessage[], request: HistoryRequest) => Promise<readonly ModelMessage[]>)
  | undefined {
  if (memory?.maxHistoryTokens === undefined) return undefined;
  const summarizer = defineAgent({ name: agent.name, model: agent.config.model, system: SUMMARY_SYSTEM });
  return (messages, request) =>
    boundHistory(messages, memory, {
      signal: request.signal,
      summarize: async (transcript, signal) => {
        const result = await summarizer.run(`Summarise this conversation:\n\n${transcript}`, {
          signal,
          environment: options.environment,
          ...(request.budget === undefined ? {} : { budget: request.budget }),
          ...(request.journal === undefined
            ? {}
            : { journal: { ...request.journal, key: `${request.journal.key}/summary` } }),
        });
        options.onSummary?.(result);
        return result.text;
      },
    });
}
