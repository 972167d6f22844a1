import { createAnthropic } from '@ai-sdk/anthropic';
import type { ModelFactory } from './model-registry.ts';
import { parseBaseUrl } from './parse-base-url.ts';
import { readVariable } from './read-variable.ts';
import { requireApiKey } from './require-api-key.ts';

/**
 * Anthropic models from `ANTHROPIC_API_KEY` and an optional `ANTHROPIC_BASE_URL`. The base URL may be
 * given with or without `/v1`: Anthropic's own SDKs expect it without, the AI SDK with.
 */
export function anthropicFactory(fetch?: typeof globalThis.fetch): ModelFactory {
  return function anthropicModel(modelId, environment) {
    const apiKey = requireApiKey(environment, {
      provider: 'Anthropic',
      variable: 'ANTHROPIC_API_KEY',
      model: modelId,
      keyPage: 'https://console.anthropic.com/settings/keys',
    });
    const baseUrl = readVariable(environment, 'ANTHROPIC_BASE_URL');
    return createAnthropic({
      apiKey,
      ...(baseUrl === undefined ? {} : { baseURL: parseBaseUrl(baseUrl, 'ANTHROPIC_BASE_URL', '/v1') }),
      ...(fetch === undefined ? {} : { fetch }),
    })(modelId);
  };
}
