import type { Attributes, Span } from '@opentelemetry/api';
import type { AgentResult } from '../../agent/agent-result.ts';
import { ATTRIBUTES } from './span-names.ts';

/** What {@link agentSpanAttributes} reads of a prepared agent. */
export interface TracedAgent {
  readonly name: string;
  readonly budget: { readonly path: string } | undefined;
  readonly journal: { readonly runId: string; readonly processId?: string } | undefined;
}

/**
 * The attributes of an `invoke_agent <name>` span (GenAI conventions plus Vega's run, process and
 * budget scope).
 *
 * @example
 * inSpan(`invoke_agent ${agent.name}`, () => agentSpanAttributes(agent), run);
 */
export function agentSpanAttributes(agent: TracedAgent): Attributes {
  const attributes: Attributes = {
    [ATTRIBUTES.operationName]: 'invoke_agent',
    [ATTRIBUTES.agentName]: agent.name,
  };
  if (agent.budget !== undefined) attributes[ATTRIBUTES.budgetScope] = agent.budget.path;
  if (agent.journal !== undefined) {
    attributes[ATTRIBUTES.runId] = agent.journal.runId;
    if (agent.journal.processId !== undefined) attributes[ATTRIBUTES.processId] = agent.journal.processId;
  }
  return attributes;
}

/**
 * Records an agent run's totals (tokens, cost) on its span.
 *
 * @example
 * recordAgentResult(span, result);
 */
export function recordAgentResult(span: Span | undefined, result: AgentResult<unknown>): void {
  if (span === undefined || !span.isRecording()) return;
  const attributes: Attributes = {
    [ATTRIBUTES.inputTokens]: result.usage.inputTokens,
    [ATTRIBUTES.outputTokens]: result.usage.outputTokens,
  };
  if (result.cost.usd !== undefined) attributes[ATTRIBUTES.costUsd] = result.cost.usd;
  span.setAttributes(attributes);
}
