import { createOpenAI } from '@ai-sdk/openai';
import type { ModelFactory } from './model-registry.ts';
import { parseBaseUrl } from './parse-base-url.ts';
import { readVariable } from './read-variable.ts';
import { requireApiKey } from './require-api-key.ts';

/**
 * OpenAI models from `OPENAI_API_KEY` and an optional `OPENAI_BASE_URL` (with `/v1`, as OpenAI's SDKs
 * expect it), through the Responses API or, with `api: 'chat'`, Chat Completions.
 */
export function openaiFactory(api: 'responses' | 'chat', fetch?: typeof globalThis.fetch): ModelFactory {
  return function openaiModel(modelId, environment) {
    const apiKey = requireApiKey(environment, {
      provider: 'OpenAI',
      variable: 'OPENAI_API_KEY',
      model: modelId,
      keyPage: 'https://platform.openai.com/api-keys',
    });
    const baseUrl = readVariable(environment, 'OPENAI_BASE_URL');
    const provider = createOpenAI({
      apiKey,
      ...(baseUrl === undefined ? {} : { baseURL: parseBaseUrl(baseUrl, 'OPENAI_BASE_URL') }),
      ...(fetch === undefined ? {} : { fetch }),
    });
    return api === 'chat' ? provider.chat(modelId) : provider.responses(modelId);
  };
}
