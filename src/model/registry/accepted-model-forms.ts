/** The name forms the built-in providers accept, for error messages and help output. */
export const BUILT_IN_MODEL_FORMS: readonly string[] = Object.freeze([
  'claude-<model> (Anthropic)',
  'gpt-<model>, chatgpt-<model>, o1…, o3…, o4… (OpenAI Responses API)',
  'anthropic:<model>',
  'openai:<model>',
  'openai-chat:<model> (OpenAI Chat Completions)',
  'ollama:<model>',
  'openai-compatible:<name>:<model> (base URL from <NAME>_BASE_URL)',
  'scripted:<spec> (offline, e.g. scripted:echo)',
]);

/** The built-in forms plus `<provider>:<model>` for each provider registered on top of them. */
export function acceptedModelForms(registeredProviders: Iterable<string>): readonly string[] {
  return [...BUILT_IN_MODEL_FORMS, ...[...registeredProviders].map((provider) => `${provider}:<model>`)];
}
