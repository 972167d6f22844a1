import { type ScriptedModel, scriptedModel } from './scripted-model.ts';

export interface EchoModelOptions {
  /** Default `'echo'`. */
  readonly modelId?: string;
  /** Keep every call in `model.calls` (default `true`). Turn off in benchmarks. */
  readonly record?: boolean;
}

/**
 * A model that answers every call with `[echo] <last user message>`, without a script, never calls
 * tools, and estimates usage from the text. What `model: scripted:echo` gives in a workflow.
 *
 * @example
 * const model = echoModel();
 * const { text } = await generateText({ model, prompt: 'ping' }); // '[echo] ping'
 */
export function echoModel(options: EchoModelOptions = {}): ScriptedModel {
  return scriptedModel(
    { replies: [], fallback: 'echo' },
    {
      modelId: options.modelId ?? 'echo',
      ...(options.record === undefined ? {} : { record: options.record }),
    },
  );
}
