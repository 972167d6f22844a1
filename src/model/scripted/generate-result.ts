import type { ModelContent, ModelGenerateResult } from '../../spec/model.ts';
import type { PreparedReply } from './prepare-reply.ts';

/**
 * The `doGenerate` result for a prepared reply: text first, then tool calls.
 *
 * @example
 * return generateResult(prepareReply(reply, call));
 */
export function generateResult(prepared: PreparedReply): ModelGenerateResult {
  const content: ModelContent[] = prepared.text === '' ? [] : [{ type: 'text', text: prepared.text }];
  for (const toolCall of prepared.toolCalls) content.push(toolCall);
  return {
    content,
    finishReason: prepared.finishReason,
    usage: prepared.usage,
    response: { id: prepared.responseId, modelId: prepared.modelId },
    warnings: [],
  };
}
