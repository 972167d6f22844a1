import { closestName } from '../../diagnostics/closest-name.ts';
import { UnknownModel } from '../../errors/unknown-model.ts';
import { acceptedModelForms } from './accepted-model-forms.ts';
import { parseModelName } from './parse-model-name.ts';

const GEMINI_OPENAI_URL = 'https://generativelanguage.googleapis.com/v1beta/openai';

/**
 * The `UnknownModel` error for a name no provider serves, saying why: an unknown provider prefix (with
 * the closest provider as suggestion), an incomplete `provider:` name, a known model without a built-in
 * provider, or an unrecognised id (with the closest resolvable known id as suggestion).
 */
export function explainUnknownModel(
  name: string,
  context: {
    providers: readonly string[];
    registeredProviders: readonly string[];
    knownModels: readonly string[];
  },
): UnknownModel {
  const acceptedForms = acceptedModelForms(context.registeredProviders);
  if (name === '')
    return new UnknownModel({ model: name, acceptedForms, reason: 'No model name was given.' });
  const colon = name.indexOf(':');
  if (colon > 0) {
    const provider = name.slice(0, colon);
    if (!context.providers.includes(provider)) {
      const closest = closestName(provider, context.providers);
      return new UnknownModel({
        model: name,
        acceptedForms,
        suggestion: closest === undefined ? undefined : `${closest}${name.slice(colon)}`,
        reason: `No provider named '${provider}' is registered to serve model '${name}'.`,
      });
    }
    const form =
      provider === 'openai-compatible' ? 'openai-compatible:<name>:<model>' : `${provider}:<model>`;
    return new UnknownModel({
      model: name,
      acceptedForms,
      reason: `Model name '${name}' is incomplete: ${provider} models are named ${form}.`,
    });
  }
  if (context.knownModels.includes(name)) {
    const viaCompatible = name.startsWith('gemini-')
      ? `openai-compatible:gemini:${name} with GEMINI_BASE_URL=${GEMINI_OPENAI_URL} and GEMINI_API_KEY set`
      : `openai-compatible:<name>:${name} with <NAME>_BASE_URL (and <NAME>_API_KEY) set`;
    return new UnknownModel({
      model: name,
      acceptedForms,
      reason: `Vega has a price for model '${name}' but no built-in provider that serves it.`,
      hint: `Use it through an OpenAI-compatible API, as ${viaCompatible}, or register a provider and name it <provider>:${name}.`,
    });
  }
  const resolvable = context.knownModels.filter((known) => parseModelName(known) !== undefined);
  return new UnknownModel({ model: name, acceptedForms, suggestion: closestName(name, resolvable) });
}
