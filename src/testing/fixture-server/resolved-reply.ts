import { VegaError } from '../../errors/vega-error.ts';
import type { ScriptedReply, ScriptedUsage } from '../../model/scripted/scripted-reply.ts';
import { splitWords } from './text-pieces.ts';

/** Vega's finish reasons, as a script names them. */
export type FinishReason = NonNullable<ScriptedReply['finishReason']>;

/** A scripted tool call with its id decided and its arguments as wire text. */
export interface ResolvedToolCall {
  readonly id: string;
  readonly name: string;
  /** The arguments exactly as sent: JSON text, or the scripted raw string (possibly invalid JSON). */
  readonly argumentsText: string;
}

/** A successful scripted reply with every default applied, ready to be written in any wire format. */
export interface ResolvedReply {
  readonly text: string;
  /** The text in the pieces it is streamed in; they join to `text`. */
  readonly textChunks: readonly string[];
  readonly toolCalls: readonly ResolvedToolCall[];
  /** Every number present; `input` is the total input including cache reads and writes. */
  readonly usage: Required<ScriptedUsage>;
  readonly finishReason: FinishReason;
}

/**
 * Applies the defaults of a {@link ScriptedReply}: text from its chunks or its chunks from the text
 * (word by word), tool-call ids from `nextToolCallId`, missing usage numbers as 0, and the finish reason
 * `tool-calls` when there are tool calls, else `stop`. Throws when the chunks do not join to the text.
 *
 * @example
 * const resolved = resolveReply({ text: 'Hi there' }, () => ids.next('call_'));
 * resolved.textChunks; // ['Hi', ' there']
 */
export function resolveReply(reply: ScriptedReply, nextToolCallId: () => string): ResolvedReply {
  const text = reply.text ?? reply.chunks?.join('') ?? '';
  const textChunks = reply.chunks ?? splitWords(text);
  if (textChunks.join('') !== text) {
    throw new VegaError(
      'fixture_script_invalid',
      `The scripted chunks ${JSON.stringify(textChunks)} do not join to the scripted text ${JSON.stringify(text)}.`,
    );
  }
  const toolCalls = (reply.toolCalls ?? []).map((call) => ({
    id: call.id ?? nextToolCallId(),
    name: call.name,
    argumentsText: typeof call.input === 'string' ? call.input : JSON.stringify(call.input ?? {}),
  }));
  const usage = reply.usage ?? {};
  return {
    text,
    textChunks: textChunks.filter((chunk) => chunk !== ''),
    toolCalls,
    usage: {
      input: usage.input ?? 0,
      output: usage.output ?? 0,
      cacheRead: usage.cacheRead ?? 0,
      cacheWrite: usage.cacheWrite ?? 0,
      reasoning: usage.reasoning ?? 0,
    },
    finishReason: reply.finishReason ?? (toolCalls.length > 0 ? 'tool-calls' : 'stop'),
  };
}
