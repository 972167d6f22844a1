import type { ModelCallOutcome } from '../policy/model-call-request.ts';
import type { ModelContent, ModelMessage, ModelToolCall } from '../spec/model.ts';
import type { Usage } from '../spec/usage.ts';
import type { RecordedTurn } from './journaled-model-call.ts';

export type AssistantMessage = Extract<ModelMessage, { role: 'assistant' }>;
export type AssistantPart = AssistantMessage['content'][number];

/** One model call's answer, normalised from `doGenerate` content or a drained stream. */
export interface TurnResponse {
  readonly text: string;
  readonly toolCalls: readonly ModelToolCall[];
  /** The reply as it goes back into the conversation (provider metadata kept, so signatures survive). */
  readonly assistantMessage: AssistantMessage;
  readonly usage: Usage;
  readonly finishReason: string;
  /** What the pipeline reports of the call (the model that answered, cost, attempts), when there is one. */
  readonly call?: ModelCallOutcome;
  /** The call as a durable run's journal recorded it, when it was not made again. */
  readonly recorded?: RecordedTurn;
}

/**
 * Turns the model's content into the assistant message parts that go back into the prompt, and pulls
 * out the text and tool calls. Provider metadata (reasoning signatures, item ids) moves to
 * `providerOptions`, as providers expect to receive it back.
 */
export function turnResponseFromContent(
  content: readonly ModelContent[],
  usage: Usage,
  finishReason: string,
): TurnResponse {
  let text = '';
  const toolCalls: ModelToolCall[] = [];
  const assistantContent: AssistantPart[] = [];
  for (const part of content) {
    switch (part.type) {
      case 'text':
        text += part.text;
        assistantContent.push(withOptions({ type: 'text', text: part.text }, part.providerMetadata));
        break;
      case 'reasoning':
        assistantContent.push(withOptions({ type: 'reasoning', text: part.text }, part.providerMetadata));
        break;
      case 'tool-call':
        if (part.providerExecuted === true) break;
        toolCalls.push(part);
        assistantContent.push(
          withOptions(
            {
              type: 'tool-call',
              toolCallId: part.toolCallId,
              toolName: part.toolName,
              input: parseToolInput(part.input),
            },
            part.providerMetadata,
          ),
        );
        break;
      default:
        break;
    }
  }
  return {
    text,
    toolCalls,
    assistantMessage: { role: 'assistant', content: assistantContent },
    usage,
    finishReason,
  };
}

function withOptions<Part extends AssistantPart>(part: Part, metadata: Part['providerOptions']): Part {
  if (metadata !== undefined) part.providerOptions = metadata;
  return part;
}

/** Tool arguments arrive as JSON text; invalid JSON stays text, so the tool step can report it. */
export function parseToolInput(input: string): unknown {
  if (input === '') return {};
  try {
    return JSON.parse(input);
  } catch {
    return input;
  }
}
