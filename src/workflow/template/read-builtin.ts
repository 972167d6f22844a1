import type { TemplateSources } from './template-scope.ts';

/** Built-ins read from the scope's sources when no variable of that name is defined. */
export const SOURCE_BUILTINS: readonly string[] = ['date', 'time', 'now', 'random', 'env', 'run'];

/**
 * The value of a built-in that comes from the sources: `date` (YYYY-MM-DD), `time` (HH:MM:SS) and
 * `now` (ISO 8601), all in UTC; `random` (a UUID); `env` (the environment, as a map); `run` (`{ id }`,
 * when the sources know the run's id). Undefined for any other name, or when there are no sources.
 *
 * @example
 * readBuiltin('date', sources); // '2025-01-31'
 */
export function readBuiltin(
  name: string,
  sources: TemplateSources | undefined,
): { value: unknown } | undefined {
  if (sources === undefined) return undefined;
  switch (name) {
    case 'date':
      return { value: sources.now().toISOString().slice(0, 10) };
    case 'time':
      return { value: sources.now().toISOString().slice(11, 19) };
    case 'now':
      return { value: sources.now().toISOString() };
    case 'random':
      return { value: sources.randomUUID() };
    case 'env': {
      const env: Record<string, string> = Object.create(null) as Record<string, string>;
      for (const [key, value] of Object.entries(sources.env ?? {})) if (value !== undefined) env[key] = value;
      return { value: env };
    }
    case 'run': {
      if (sources.runId === undefined) return undefined;
      const run: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      run.id = sources.runId;
      return { value: run };
    }
    default:
      return undefined;
  }
}
