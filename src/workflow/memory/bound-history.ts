import { estimateTokens, promptCharacters } from '../../model/scripted/estimate-tokens.ts';
import type { ModelMessage } from '../../spec/model.ts';
import type { AgentMemory } from '../document/agent-definition.ts';

/** Where a summary of dropped turns sits in the system prompt; a later summary replaces it. */
export const SUMMARY_HEADER = '\n\nSummary of the earlier conversation:\n';

/** Summarises dropped turns (and the summary of turns dropped before them, when there is one). */
export type SummarizeTurns = (transcript: string, signal: AbortSignal) => Promise<string>;

/**
 * Keeps a conversation within `memory.max_history_tokens` (estimated at four characters a token): drops
 * whole turns, oldest first (a turn is a user message and the replies and tool results after it) until
 * the rest fits. The system prompt is kept. With `strategy: summarize`, the dropped turns are
 * summarised by `summarize` and the summary appended to the system prompt (replacing an earlier one,
 * which the new summary covers). Without a bound, the history is returned as it is.
 *
 * @example
 * const history = await boundHistory(messages, { history: 'conversation', maxHistoryTokens: 2000, strategy: 'truncate' });
 */
export async function boundHistory(
  messages: readonly ModelMessage[],
  memory: AgentMemory | undefined,
  options: { readonly summarize?: SummarizeTurns; readonly signal: AbortSignal },
): Promise<readonly ModelMessage[]> {
  const limit = memory?.maxHistoryTokens;
  if (limit === undefined || historyTokens(messages) <= limit) return messages;
  const system = messages[0]?.role === 'system' ? messages[0] : undefined;
  const turns = splitTurns(system === undefined ? messages : messages.slice(1));
  const dropped: ModelMessage[] = [];
  while (turns.length > 0 && historyTokens(turns.flat()) > limit) dropped.push(...(turns.shift() ?? []));
  const kept = turns.flat();
  if (memory?.strategy !== 'summarize' || options.summarize === undefined) {
    return system === undefined ? kept : [system, ...kept];
  }
  const base = system?.role === 'system' ? system.content : '';
  const at = base.indexOf(SUMMARY_HEADER);
  const prompt = at === -1 ? base : base.slice(0, at);
  const earlier = at === -1 ? '' : base.slice(at + SUMMARY_HEADER.length);
  const transcript = [
    ...(earlier === '' ? [] : [`(summary of what came before) ${earlier}`]),
    ...dropped.map(describeMessage).filter((line) => line !== ''),
  ].join('\n');
  const summary = (await options.summarize(transcript, options.signal)).trim();
  return [{ role: 'system', content: `${prompt}${SUMMARY_HEADER}${summary}` }, ...kept];
}

/**
 * The estimated tokens of messages: four characters a token, as the scripted model counts.
 *
 * @example
 * historyTokens(result.messages); // 312
 */
export function historyTokens(messages: readonly ModelMessage[]): number {
  return messages.length === 0 ? 0 : estimateTokens(promptCharacters([...messages]));
}

function splitTurns(messages: readonly ModelMessage[]): ModelMessage[][] {
  const turns: ModelMessage[][] = [];
  for (const message of messages) {
    const last = turns.at(-1);
    if (message.role === 'user' || last === undefined) turns.push([message]);
    else last.push(message);
  }
  return turns;
}

function describeMessage(message: ModelMessage): string {
  if (message.role === 'system') return '';
  const text = message.content
    .map((part) => {
      if (part.type === 'text') return part.text;
      if (part.type === 'tool-call') return `[called ${part.toolName}]`;
      if (part.type === 'tool-result') return `[result of ${part.toolName}]`;
      return '';
    })
    .filter((part) => part !== '')
    .join(' ');
  return text === '' ? '' : `${message.role}: ${text}`;
}
