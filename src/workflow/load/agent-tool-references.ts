import type { Located } from '../document/located.ts';
import type { LoadContext } from './load-context.ts';

/** A tool name an agent lists that is not a built-in: a custom tool, checked once `tools:` is read. */
export interface AgentToolReference {
  readonly agent: string;
  readonly tool: Located<string>;
}

const pending = new WeakMap<LoadContext, AgentToolReference[]>();

/**
 * Remembers, for the file being read, a tool an agent lists that is not built in. Agents may be read
 * before `tools:` (the file's order is free), so the check waits for {@link takeAgentToolReferences}.
 *
 * @example
 * deferAgentToolReference(context, 'Notifier', { value: 'send_slack', span });
 */
export function deferAgentToolReference(context: LoadContext, agent: string, tool: Located<string>): void {
  const references = pending.get(context) ?? [];
  references.push({ agent, tool });
  pending.set(context, references);
}

/**
 * The references deferred for this file, forgotten once taken.
 *
 * @example
 * for (const { agent, tool } of takeAgentToolReferences(context)) check(agent, tool);
 */
export function takeAgentToolReferences(context: LoadContext): AgentToolReference[] {
  const references = pending.get(context) ?? [];
  pending.delete(context);
  return references;
}
