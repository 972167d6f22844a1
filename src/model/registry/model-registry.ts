import type { Model } from '../../spec/model.ts';

/** Environment variables as `process.env` has them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Makes the model for one model id of a provider, reading keys and URLs from `environment`. */
export type ModelFactory = (modelId: string, environment: Environment) => Model;

/** Turns model names (`claude-sonnet-4-5`, `ollama:llama3.2`, `scripted:echo` …) into models. */
export interface ModelRegistry {
  /**
   * The model a name stands for. Throws `MissingApiKey` when the provider's key is not set,
   * `UnknownModel` when no provider serves the name. No request is sent.
   */
  resolve(name: string): Model;
  /** Serves `<provider>:<model>` names with `factory`, replacing a built-in provider of that name. */
  register(provider: string, factory: ModelFactory): void;
}

export interface ModelRegistryOptions {
  /** Where keys and base URLs are read from, when a model is resolved. Defaults to `process.env`. */
  readonly env?: Environment;
  /** Passed to every built-in provider adapter, e.g. to record requests or route them through a proxy. */
  readonly fetch?: typeof globalThis.fetch;
  /** Makes the model for `scripted:<spec>` names; without it those names are refused. */
  readonly scripted?: (spec: string) => Model;
  /** Model ids to suggest from when a name has a typo. Defaults to the ids of Vega's price table. */
  readonly knownModels?: readonly string[];
}
