import type { ModelFinishReason, ModelPrompt, ModelToolCall, ModelUsage } from '../../spec/model.ts';
import { estimateTokens, promptCharacters } from './estimate-tokens.ts';
import type { ScriptedReply, ScriptedToolCall } from './scripted-reply.ts';
import { toModelUsage } from './to-model-usage.ts';

/** A scripted reply turned into what both `doGenerate` and `doStream` send. */
export interface PreparedReply {
  readonly responseId: string;
  readonly modelId: string;
  readonly text: string;
  readonly chunks: readonly string[] | undefined;
  readonly toolCalls: readonly ModelToolCall[];
  readonly finishReason: ModelFinishReason;
  readonly usage: ModelUsage;
}

/**
 * Turns a reply into specification values: the text (or its chunks joined), tool call inputs as JSON strings (a string input passes
 * through as-is, so scripts can send invalid JSON), deterministic ids, the finish reason, and usage
 * as scripted or else estimated from the prompt and reply text.
 *
 * @example
 * const prepared = prepareReply({ text: 'Hi' }, { prompt, callNumber: 1, modelId: 'echo' });
 */
export function prepareReply(
  reply: ScriptedReply,
  call: { readonly prompt: ModelPrompt; readonly callNumber: number; readonly modelId: string },
): PreparedReply {
  const text = reply.text ?? reply.chunks?.join('') ?? '';
  let outputCharacters = text.length;
  const toolCalls: ModelToolCall[] = [];
  const scriptedCalls = reply.toolCalls ?? [];
  for (let index = 0; index < scriptedCalls.length; index++) {
    const scripted = scriptedCalls[index]!;
    const input = toolInput(scripted);
    outputCharacters += scripted.name.length + input.length;
    toolCalls.push({
      type: 'tool-call',
      toolCallId: scripted.id ?? `scripted-call-${call.callNumber}-${index + 1}`,
      toolName: scripted.name,
      input,
    });
  }
  const unified = reply.finishReason ?? (toolCalls.length > 0 ? 'tool-calls' : 'stop');
  const usage =
    reply.usage === undefined
      ? toModelUsage({
          input: estimateTokens(promptCharacters(call.prompt)),
          output: estimateTokens(outputCharacters),
        })
      : toModelUsage(reply.usage);
  return {
    responseId: `scripted-response-${call.callNumber}`,
    modelId: call.modelId,
    text,
    chunks: reply.chunks,
    toolCalls,
    finishReason: { unified, raw: unified },
    usage,
  };
}

function toolInput(call: ScriptedToolCall): string {
  if (typeof call.input === 'string') return call.input;
  if (call.input === undefined) return '{}';
  return JSON.stringify(call.input);
}
