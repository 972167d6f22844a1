export { BUILT_IN_MODEL_FORMS } from './accepted-model-forms.ts';
export { createModelRegistry } from './create-model-registry.ts';
export type { Environment, ModelFactory, ModelRegistry, ModelRegistryOptions } from './model-registry.ts';
export { ollamaBaseUrl } from './ollama-base-url.ts';
export { parseModelName } from './parse-model-name.ts';
