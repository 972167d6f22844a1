/**
 * Vega passes who is calling to the model through `providerOptions.vega`. Provider adapters read only
 * their own namespace (`anthropic`, `openai`, ...) so this never reaches the wire; the scripted model
 * reads it to match replies by agent.
 */
export const VEGA_PROVIDER_OPTIONS_KEY = 'vega';

export interface VegaCallMetadata {
  /** The calling agent's id (its key in a workflow file, or its `name`). */
  readonly agent?: string;
  /** 1-based turn number within the agent's current run. */
  readonly turn?: number;
}
