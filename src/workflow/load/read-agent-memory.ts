import type { AgentMemory } from '../document/agent-definition.ts';
import { applyKeyTable, type KeyTable } from './key-table.ts';
import type { LoadContext } from './load-context.ts';
import { type MapEntry, readMapEntries } from './map-entries.ts';
import { readChoice } from './read-choice.ts';
import { readNumber } from './read-scalar.ts';

type MemoryDraft = { -readonly [K in keyof AgentMemory]?: AgentMemory[K] };

const memoryKeys: KeyTable<MemoryDraft> = {
  place: 'in `memory`',
  keys: {
    history: (entry, context, draft) => {
      const history = readChoice(context, entry.value, '`memory.history`', ['conversation', 'none'] as const);
      if (history !== undefined) draft.history = history.value;
    },
    max_history_tokens: (entry, context, draft) => {
      const tokens = readNumber(context, entry.value, '`memory.max_history_tokens`', {
        integer: true,
        minimum: 1,
      });
      if (tokens !== undefined) draft.maxHistoryTokens = tokens.value;
    },
    strategy: (entry, context, draft) => {
      const strategy = readChoice(context, entry.value, '`memory.strategy`', [
        'truncate',
        'summarize',
      ] as const);
      if (strategy !== undefined) draft.strategy = strategy.value;
    },
  },
};

/**
 * Reads an agent's `memory: { history, max_history_tokens, strategy }`; `history` defaults to
 * `conversation`, `strategy` to `truncate`. Unknown keys get "did you mean".
 *
 * @example
 * const memory = readAgentMemory(context, entry, "agent 'Coder'");
 */
export function readAgentMemory(
  context: LoadContext,
  entry: MapEntry,
  owner: string,
): AgentMemory | undefined {
  const entries = readMapEntries(context, entry.value, `\`memory\` of ${owner}`);
  if (entries === undefined) return undefined;
  const draft: MemoryDraft = {};
  applyKeyTable(context, entries, memoryKeys, draft, `\`memory\` of ${owner}`);
  return {
    history: draft.history ?? 'conversation',
    strategy: draft.strategy ?? 'truncate',
    ...(draft.maxHistoryTokens === undefined ? {} : { maxHistoryTokens: draft.maxHistoryTokens }),
  };
}
