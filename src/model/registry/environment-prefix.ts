/**
 * The prefix of a provider's environment variables: its name upper-cased, every character other than
 * a letter or a digit replaced by `_`.
 *
 * @example
 * environmentPrefix('together-ai'); // 'TOGETHER_AI', as in TOGETHER_AI_BASE_URL
 */
export function environmentPrefix(provider: string): string {
  return provider.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}
