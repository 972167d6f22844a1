import type { ModelCallOptions } from '../../spec/model.ts';
import type { ScriptedReply } from './scripted-reply.ts';

/** What a script function is told about the call it answers. */
export interface ScriptedCall {
  readonly options: ModelCallOptions;
  /** The calling agent's id, when the caller sent one in `providerOptions.vega.agent`. */
  readonly agent: string | undefined;
  /** The nth call this model has received from this agent, 1-based. */
  readonly turn: number;
  /** The nth call this model has received from anyone, 1-based. */
  readonly callNumber: number;
  /** The text of the last user message, `''` when there is none. */
  readonly lastUserMessage: string;
}

/**
 * Answers calls with code instead of a list.
 *
 * @example
 * const model = scriptedModel((call) => ({ text: `turn ${call.turn} of ${call.agent}` }));
 */
export type ScriptFunction = (call: ScriptedCall) => ScriptedReply | PromiseLike<ScriptedReply>;

/** One call the scripted model received, as recorded in `model.calls`. */
export interface ScriptedCallRecord {
  /** The call's options; `prompt` is a copy of the array, so later pushes by the caller don't show. */
  readonly options: ModelCallOptions;
  readonly agent: string | undefined;
  readonly turn: number;
  /** The reply given, or `undefined` when the script had none (the call threw `ScriptExhausted`). */
  readonly reply: ScriptedReply | undefined;
  /** The index of the script entry that answered, `undefined` for a fallback or a script function. */
  readonly entryIndex: number | undefined;
}
