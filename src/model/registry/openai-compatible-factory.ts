import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { VegaError } from '../../errors/vega-error.ts';
import { environmentPrefix } from './environment-prefix.ts';
import type { ModelFactory } from './model-registry.ts';
import { parseBaseUrl } from './parse-base-url.ts';
import { readVariable } from './read-variable.ts';

/**
 * Models of any OpenAI-compatible server, named `<name>:<model>` (the registry strips the
 * `openai-compatible:` prefix): the base URL comes from `<NAME>_BASE_URL`, an optional key from
 * `<NAME>_API_KEY`, where `<NAME>` is the name upper-cased with other characters than letters and
 * digits turned into `_` (`together-ai` → `TOGETHER_AI_BASE_URL`).
 */
export function openaiCompatibleFactory(fetch?: typeof globalThis.fetch): ModelFactory {
  return function openaiCompatibleModel(nameAndModel, environment) {
    const colon = nameAndModel.indexOf(':');
    const name = nameAndModel.slice(0, colon);
    const modelId = nameAndModel.slice(colon + 1);
    const prefix = environmentPrefix(name);
    const baseUrl = readVariable(environment, `${prefix}_BASE_URL`);
    if (baseUrl === undefined) {
      throw new VegaError(
        'missing_base_url',
        `Model 'openai-compatible:${nameAndModel}' needs ${prefix}_BASE_URL, the URL of ${name}'s OpenAI-compatible API, but it is not set.`,
        {
          hint:
            `Set it to the URL that comes before /chat/completions, e.g. export ${prefix}_BASE_URL=https://api.example.com/v1, ` +
            `and ${prefix}_API_KEY if the server needs a key. For an offline dry run, use --model scripted:echo.`,
        },
      );
    }
    const apiKey = readVariable(environment, `${prefix}_API_KEY`);
    return createOpenAICompatible({
      name,
      baseURL: parseBaseUrl(baseUrl, `${prefix}_BASE_URL`),
      includeUsage: true,
      ...(apiKey === undefined ? {} : { apiKey }),
      ...(fetch === undefined ? {} : { fetch }),
    }).chatModel(modelId);
  };
}
