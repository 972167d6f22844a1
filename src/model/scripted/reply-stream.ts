import type { ModelStreamPart } from '../../spec/model.ts';
import { abortError } from './abort-error.ts';
import type { PreparedReply } from './prepare-reply.ts';
import { splitWords } from './split-words.ts';

/**
 * The stream parts a real adapter sends for this reply, in its order: `stream-start`,
 * `response-metadata`, the text block, each tool call's input then the call, and `finish`.
 *
 * @example
 * streamParts(prepareReply({ text: 'Hi there' }, call)).map((part) => part.type);
 */
export function streamParts(prepared: PreparedReply): ModelStreamPart[] {
  const parts: ModelStreamPart[] = [
    { type: 'stream-start', warnings: [] },
    { type: 'response-metadata', id: prepared.responseId, modelId: prepared.modelId },
  ];
  if (prepared.text !== '') {
    const id = `${prepared.responseId}-text`;
    parts.push({ type: 'text-start', id });
    for (const delta of prepared.chunks ?? splitWords(prepared.text)) {
      if (delta !== '') parts.push({ type: 'text-delta', id, delta });
    }
    parts.push({ type: 'text-end', id });
  }
  for (const toolCall of prepared.toolCalls) {
    const id = toolCall.toolCallId;
    parts.push({ type: 'tool-input-start', id, toolName: toolCall.toolName });
    if (toolCall.input !== '') parts.push({ type: 'tool-input-delta', id, delta: toolCall.input });
    parts.push({ type: 'tool-input-end', id });
    parts.push(toolCall);
  }
  parts.push({ type: 'finish', usage: prepared.usage, finishReason: prepared.finishReason });
  return parts;
}

/**
 * A stream of the reply's parts, one per read. Aborting the signal errors the stream with the abort
 * error at once (parts not yet read are dropped); the listener is removed when the stream ends.
 *
 * @example
 * return { stream: replyStream(prepared, options.abortSignal) };
 */
export function replyStream(
  prepared: PreparedReply,
  signal: AbortSignal | undefined,
): ReadableStream<ModelStreamPart> {
  const parts = streamParts(prepared);
  let next = 0;
  let stopListening = () => {};
  return new ReadableStream<ModelStreamPart>({
    start(controller) {
      if (signal === undefined) return;
      if (signal.aborted) {
        controller.error(abortError(signal));
        return;
      }
      const onAbort = () => {
        stopListening();
        controller.error(abortError(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      stopListening = () => signal.removeEventListener('abort', onAbort);
    },
    pull(controller) {
      controller.enqueue(parts[next++]!);
      if (next === parts.length) {
        stopListening();
        controller.close();
      }
    },
    cancel() {
      stopListening();
    },
  });
}
