/** A model name split into the provider that serves it and the id that provider knows it by. */
export interface ParsedModelName {
  readonly provider: string;
  readonly modelId: string;
}

/** Bare model ids whose provider is clear from the name. */
const BARE_NAME_PROVIDERS: readonly (readonly [RegExp, string])[] = [
  [/^claude-/, 'anthropic'],
  [/^(?:gpt-|chatgpt-|o1|o3|o4)/, 'openai'],
];

/**
 * Splits `provider:model` at the first colon (model ids may contain colons, as Ollama's `llama3.1:8b`
 * does) and routes bare ids by their family (`claude-*` → anthropic; `gpt-*`, `chatgpt-*`, `o1*`,
 * `o3*`, `o4*` → openai). `openai-compatible:` needs both a server name and a model. Returns
 * `undefined` for a name of none of these forms.
 *
 * @example
 * parseModelName('ollama:llama3.1:8b'); // { provider: 'ollama', modelId: 'llama3.1:8b' }
 */
export function parseModelName(name: string): ParsedModelName | undefined {
  const colon = name.indexOf(':');
  if (colon < 0) {
    const provider = BARE_NAME_PROVIDERS.find(([pattern]) => pattern.test(name))?.[1];
    return provider === undefined ? undefined : { provider, modelId: name };
  }
  const provider = name.slice(0, colon);
  const modelId = name.slice(colon + 1);
  if (provider === '' || modelId === '') return undefined;
  if (provider === 'openai-compatible' && !/^[^:]+:.+$/.test(modelId)) return undefined;
  return { provider, modelId };
}
