import { type Attributes, type Span, SpanStatusCode } from '@opentelemetry/api';
import { ATTRIBUTES } from './span-names.ts';

/**
 * The attributes of an `execute_tool <name>` span (GenAI conventions plus the calling agent, run and
 * process). Tool arguments and results are not recorded: they may hold secrets and personal data.
 *
 * @example
 * inSpan(`execute_tool ${call.toolName}`, () => toolSpanAttributes(agent, call), run);
 */
export function toolSpanAttributes(
  agent: {
    readonly name: string;
    readonly journal: { readonly runId: string; readonly processId?: string } | undefined;
  },
  call: { readonly toolName: string; readonly toolCallId: string },
): Attributes {
  const attributes: Attributes = {
    [ATTRIBUTES.operationName]: 'execute_tool',
    [ATTRIBUTES.toolName]: call.toolName,
    [ATTRIBUTES.toolCallId]: call.toolCallId,
    [ATTRIBUTES.agentName]: agent.name,
  };
  if (agent.journal !== undefined) {
    attributes[ATTRIBUTES.runId] = agent.journal.runId;
    if (agent.journal.processId !== undefined) attributes[ATTRIBUTES.processId] = agent.journal.processId;
  }
  return attributes;
}

/**
 * Marks a tool span failed when the tool returned an error to the model (the call itself did not throw).
 *
 * @example
 * if (outcome.isError) markToolError(span);
 */
export function markToolError(span: Span | undefined): void {
  if (span === undefined || !span.isRecording()) return;
  span.setAttribute(ATTRIBUTES.errorType, 'tool_error');
  span.setStatus({ code: SpanStatusCode.ERROR, message: 'tool_error' });
}
