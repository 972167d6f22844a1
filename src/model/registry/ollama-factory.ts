import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { ModelFactory } from './model-registry.ts';
import { ollamaBaseUrl } from './ollama-base-url.ts';
import { readVariable } from './read-variable.ts';

/**
 * Ollama models through its OpenAI-compatible API at `OLLAMA_HOST` (default `127.0.0.1:11434`). No key
 * is needed; `OLLAMA_API_KEY` is sent when set, for Ollama servers behind an authenticating proxy.
 */
export function ollamaFactory(fetch?: typeof globalThis.fetch): ModelFactory {
  return function ollamaModel(modelId, environment) {
    const apiKey = readVariable(environment, 'OLLAMA_API_KEY');
    return createOpenAICompatible({
      name: 'ollama',
      baseURL: ollamaBaseUrl(environment.OLLAMA_HOST),
      // Without it, streamed answers carry no token usage, and budgets and costs would see nothing.
      includeUsage: true,
      ...(apiKey === undefined ? {} : { apiKey }),
      ...(fetch === undefined ? {} : { fetch }),
    }).chatModel(modelId);
  };
}
