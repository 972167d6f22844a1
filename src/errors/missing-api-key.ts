import { VegaError } from './vega-error.ts';

/**
 * A model was asked for, but the environment variable holding its provider's API key is unset or empty.
 * Thrown by the model registry when a model is resolved, before any request is sent.
 *
 * @example
 * try { registry.resolve('claude-sonnet-4-5'); } catch (error) {
 *   if (MissingApiKey.isMissingApiKey(error)) console.error(`${error.message}\n${error.hint}`);
 * }
 */
export class MissingApiKey extends VegaError {
  readonly provider: string;
  /** The environment variable that should hold the key, e.g. `ANTHROPIC_API_KEY`. */
  readonly variable: string;

  constructor(fields: { provider: string; variable: string; model: string; keyPage?: string }) {
    const where = fields.keyPage === undefined ? '' : ` (create a key at ${fields.keyPage})`;
    super(
      'missing_api_key',
      `Model '${fields.model}' needs an API key for ${fields.provider}, but ${fields.variable} is not set.`,
      {
        hint:
          `Set it in your shell: export ${fields.variable}=...${where}. ` +
          'For an offline dry run without any key, use --model scripted:echo.',
      },
    );
    this.name = 'MissingApiKey';
    this.provider = fields.provider;
    this.variable = fields.variable;
  }

  static isMissingApiKey(error: unknown): error is MissingApiKey {
    return VegaError.isInstance(error) && error.code === 'missing_api_key';
  }
}
