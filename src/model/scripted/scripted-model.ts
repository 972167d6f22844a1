import { VEGA_PROVIDER_OPTIONS_KEY } from '../../spec/call-metadata.ts';
import type { Model, ModelCallOptions, ModelGenerateResult, ModelStreamResult } from '../../spec/model.ts';
import { abortError } from './abort-error.ts';
import { type CompiledScript, chunksProblem, compileScript } from './compile-script.ts';
import { echoReply } from './echo-reply.ts';
import { generateResult } from './generate-result.ts';
import { InvalidScript } from './invalid-script.ts';
import { lastUserMessage } from './last-user-message.ts';
import { type PreparedReply, prepareReply } from './prepare-reply.ts';
import { replyStream } from './reply-stream.ts';
import type { Script, ScriptEntry } from './script.ts';
import { ScriptExhausted } from './script-exhausted.ts';
import { ScriptIncomplete } from './script-incomplete.ts';
import { scriptedApiCallError } from './scripted-api-call-error.ts';
import type { ScriptedCallRecord, ScriptFunction } from './scripted-call.ts';
import type { ScriptedReply } from './scripted-reply.ts';
import { selectEntry, useEntry } from './select-entry.ts';

export interface ScriptedModelOptions {
  /** Default `'scripted'`. */
  readonly modelId?: string;
  /** Default `'scripted'`. */
  readonly provider?: string;
  /** Keep every call in `model.calls` (default `true`). Turn off in benchmarks. */
  readonly record?: boolean;
}

/**
 * A deterministic language model that answers from a script: Vega's test double and offline mode.
 * It implements the AI SDK's `LanguageModelV4`, records its calls, and can say whether the script
 * was used up. Create one with {@link scriptedModel}.
 */
export class ScriptedModel implements Model {
  readonly specificationVersion = 'v4';
  readonly provider: string;
  readonly modelId: string;
  readonly supportedUrls: Record<string, RegExp[]> = {};

  readonly #script: CompiledScript | undefined;
  readonly #respond: ScriptFunction | undefined;
  readonly #record: boolean;
  readonly #calls: ScriptedCallRecord[] = [];
  readonly #turns = new Map<string | undefined, number>();
  #callCount = 0;

  constructor(script: Script | readonly ScriptEntry[] | ScriptFunction, options: ScriptedModelOptions = {}) {
    this.modelId = options.modelId ?? 'scripted';
    this.provider = options.provider ?? 'scripted';
    this.#record = options.record ?? true;
    if (typeof script === 'function') {
      this.#respond = script;
    } else {
      this.#script = compileScript(script);
    }
  }

  /** Every call received, in order (empty when created with `record: false`). */
  get calls(): readonly ScriptedCallRecord[] {
    return this.#calls;
  }

  async doGenerate(options: ModelCallOptions): Promise<ModelGenerateResult> {
    return generateResult(await this.#answer(options));
  }

  async doStream(options: ModelCallOptions): Promise<ModelStreamResult> {
    const prepared = await this.#answer(options);
    return { stream: replyStream(prepared, options.abortSignal) };
  }

  /**
   * Throws {@link ScriptIncomplete} when script entries were never used. An entry that may be used
   * several times counts as used once it answered one call.
   *
   * @example
   * await runAgent(model);
   * model.assertComplete();
   */
  assertComplete(): void {
    if (this.#script === undefined) return;
    const unused = this.#script.entries
      .filter((entry) => entry.uses === 0)
      .map((entry) => ({ index: entry.index, entry: entry.entry }));
    if (unused.length > 0) throw new ScriptIncomplete({ modelId: this.modelId, unused });
  }

  async #answer(options: ModelCallOptions): Promise<PreparedReply> {
    const signal = options.abortSignal;
    if (signal?.aborted) throw abortError(signal);
    const agent = agentOf(options);
    const turn = (this.#turns.get(agent) ?? 0) + 1;
    this.#turns.set(agent, turn);
    const callNumber = ++this.#callCount;

    let reply: ScriptedReply | undefined;
    let entryIndex: number | undefined;
    if (this.#respond !== undefined) {
      reply = await this.#respond({
        options,
        agent,
        turn,
        callNumber,
        lastUserMessage: lastUserMessage(options.prompt),
      });
      const chunkProblem = chunksProblem(reply.text, reply.chunks);
      if (chunkProblem !== undefined) {
        throw new InvalidScript({ issues: [{ path: `reply to call ${callNumber}`, message: chunkProblem }] });
      }
    } else {
      const script = this.#script!;
      const entry = selectEntry(script, agent, turn, options.prompt);
      if (entry !== undefined) {
        useEntry(script, entry);
        reply = entry.entry;
        entryIndex = entry.index;
      } else if (script.fallback === 'echo') {
        reply = echoReply(options.prompt);
      } else if (typeof script.fallback === 'object') {
        reply = script.fallback;
      }
    }

    if (this.#record) {
      this.#calls.push({
        options: { ...options, prompt: options.prompt.slice() },
        agent,
        turn,
        reply,
        entryIndex,
      });
    }
    if (reply === undefined) {
      throw new ScriptExhausted({
        modelId: this.modelId,
        agent,
        turn,
        lastUserMessage: lastUserMessage(options.prompt),
      });
    }
    if (reply.error !== undefined) throw scriptedApiCallError(reply.error, this.modelId);
    if (signal?.aborted) throw abortError(signal);
    return prepareReply(reply, { prompt: options.prompt, callNumber, modelId: this.modelId });
  }
}

/**
 * Creates a scripted model from a script, a list of replies (one per call, in order), or a function.
 * Patterns are compiled here, so a bad script fails at once with {@link InvalidScript}.
 *
 * @example
 * const model = scriptedModel({
 *   replies: [
 *     { agent: 'Planner', turn: 1, toolCalls: [{ name: 'search', input: { query: 'vega' } }] },
 *     { agent: 'Planner', turn: 2, text: 'Found it.' },
 *   ],
 * });
 * const result = await generateText({ model, prompt: 'find vega', providerOptions: { vega: { agent: 'Planner' } } });
 * model.assertComplete();
 */
export function scriptedModel(
  script: Script | readonly ScriptEntry[] | ScriptFunction,
  options: ScriptedModelOptions = {},
): ScriptedModel {
  return new ScriptedModel(script, options);
}

function agentOf(options: ModelCallOptions): string | undefined {
  const agent = options.providerOptions?.[VEGA_PROVIDER_OPTIONS_KEY]?.agent;
  return typeof agent === 'string' ? agent : undefined;
}
