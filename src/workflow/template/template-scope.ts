/**
 * Where the built-ins that change from one evaluation to the next come from: `date`, `time` and `now`
 * read `now()`, `random` reads `randomUUID()`, `env.NAME` reads `env`, `run.id` reads `runId`. A
 * durable run derives them from its journal so that a resume or replay sees the same values; the
 * evaluator never reads the clock, randomness or the process's environment itself.
 */
export interface TemplateSources {
  now(): Date;
  randomUUID(): string;
  /** The environment `env.NAME` reads; without it, `env` is empty. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The id `run.id` reads (a durable run's id); without it, `run` is not defined. */
  readonly runId?: string;
}

/**
 * The variables a template can read, by name — a `Map` is one — and, optionally, the sources of the
 * clock, random and environment built-ins. A variable of the same name hides a built-in.
 *
 * @example
 * const scope: TemplateScope = Object.assign(new Map([['task', 'x']]), { sources: systemTemplateSources() });
 */
export interface TemplateScope {
  has(name: string): boolean;
  get(name: string): unknown;
  keys(): Iterable<string>;
  readonly sources?: TemplateSources;
}
