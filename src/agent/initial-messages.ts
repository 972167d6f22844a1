import type { ModelMessage } from '../spec/model.ts';

/** What an agent run starts from: a user message, or a list of messages. */
export type AgentInput = string | readonly ModelMessage[];

/**
 * The conversation a run starts with: the system prompt (unless the history already has one), the
 * earlier history, then the new input.
 */
export function initialMessages(
  system: string | undefined,
  history: readonly ModelMessage[] | undefined,
  input: AgentInput,
): ModelMessage[] {
  const messages: ModelMessage[] = [];
  const hasSystem = history?.[0]?.role === 'system';
  if (system !== undefined && system !== '' && !hasSystem) messages.push({ role: 'system', content: system });
  if (history !== undefined) messages.push(...history);
  if (typeof input === 'string') messages.push({ role: 'user', content: [{ type: 'text', text: input }] });
  else messages.push(...input);
  return messages;
}
