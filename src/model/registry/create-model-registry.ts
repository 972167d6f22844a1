import { DEFAULT_PRICES } from '../../cost/default-prices.ts';
import { UnknownModel } from '../../errors/unknown-model.ts';
import type { Model } from '../../spec/model.ts';
import { acceptedModelForms } from './accepted-model-forms.ts';
import { anthropicFactory } from './anthropic-factory.ts';
import { explainUnknownModel } from './explain-unknown-model.ts';
import type { ModelFactory, ModelRegistry, ModelRegistryOptions } from './model-registry.ts';
import { ollamaFactory } from './ollama-factory.ts';
import { openaiCompatibleFactory } from './openai-compatible-factory.ts';
import { openaiFactory } from './openai-factory.ts';
import { parseModelName } from './parse-model-name.ts';

const BUILT_IN_PROVIDERS = new Set([
  'anthropic',
  'openai',
  'openai-chat',
  'ollama',
  'openai-compatible',
  'scripted',
]);
const PROVIDER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * A registry of the built-in providers (Anthropic, OpenAI, Ollama, any OpenAI-compatible server, the
 * scripted model) that resolves model names to AI SDK models. Keys and base URLs are read from `env`
 * when a name is resolved, so a missing key fails there, naming the variable to set. Models are cached
 * per name, except scripted ones, which keep per-instance state.
 *
 * @example
 * const registry = createModelRegistry({ scripted: createScriptedModel });
 * const model = registry.resolve('claude-sonnet-4-5'); // needs ANTHROPIC_API_KEY
 * registry.register('bedrock', (modelId) => bedrock(modelId));
 * registry.resolve('bedrock:anthropic.claude-sonnet-4-5-20250929-v1:0');
 */
export function createModelRegistry(options: ModelRegistryOptions = {}): ModelRegistry {
  const environment = options.env ?? process.env;
  const knownModels = options.knownModels ?? Object.keys(DEFAULT_PRICES);
  const registered = new Set<string>();
  const cache = new Map<string, Model>();
  const factories = new Map<string, ModelFactory>([
    ['anthropic', anthropicFactory(options.fetch)],
    ['openai', openaiFactory('responses', options.fetch)],
    ['openai-chat', openaiFactory('chat', options.fetch)],
    ['ollama', ollamaFactory(options.fetch)],
    ['openai-compatible', openaiCompatibleFactory(options.fetch)],
    ['scripted', scriptedFactory(options.scripted)],
  ]);

  return {
    resolve(name: string): Model {
      const trimmed = name.trim();
      const cached = cache.get(trimmed);
      if (cached !== undefined) return cached;
      const parsed = parseModelName(trimmed);
      const factory = parsed === undefined ? undefined : factories.get(parsed.provider);
      if (parsed === undefined || factory === undefined)
        throw explainUnknownModel(trimmed, {
          providers: [...factories.keys()],
          registeredProviders: [...registered],
          knownModels,
        });
      const model = factory(parsed.modelId, environment);
      if (parsed.provider !== 'scripted') cache.set(trimmed, model);
      return model;
    },
    register(provider: string, factory: ModelFactory): void {
      if (!PROVIDER_NAME.test(provider)) {
        throw new TypeError(
          `A provider name is letters, digits, '.', '_' and '-', without ':'; got '${provider}'.`,
        );
      }
      factories.set(provider, factory);
      if (!BUILT_IN_PROVIDERS.has(provider)) registered.add(provider);
      cache.clear();
    },
  };
}

function scriptedFactory(scripted: ((spec: string) => Model) | undefined): ModelFactory {
  return function scriptedModel(spec) {
    if (scripted !== undefined) return scripted(spec);
    throw new UnknownModel({
      model: `scripted:${spec}`,
      acceptedForms: acceptedModelForms([]),
      reason: `Model 'scripted:${spec}' needs the scripted model, but this registry was created without one.`,
      hint: 'Pass it when creating the registry: createModelRegistry({ scripted: (spec) => scriptedModel(spec) }).',
    });
  };
}
