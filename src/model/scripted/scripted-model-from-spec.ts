import { resolve } from 'node:path';
import { echoModel } from './echo-model.ts';
import { loadScript } from './load-script.ts';
import { type ScriptedModel, scriptedModel } from './scripted-model.ts';

/**
 * The model for `scripted:<spec>`: `echo` gives {@link echoModel}; anything else is a script file,
 * relative to `cwd`, whose model id is the spec itself.
 *
 * @example
 * scriptedModelFromSpec('echo', { cwd: process.cwd() });
 * scriptedModelFromSpec('scripts/haiku.yaml', { cwd: workflowDirectory });
 */
export function scriptedModelFromSpec(spec: string, options: { readonly cwd?: string } = {}): ScriptedModel {
  if (spec === 'echo') return echoModel();
  return scriptedModel(loadScript(resolve(options.cwd ?? process.cwd(), spec)), { modelId: spec });
}
