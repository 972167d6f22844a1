import type { Environment } from './model-registry.ts';

/** An environment variable's value, trimmed; `undefined` when it is unset or blank. */
export function readVariable(environment: Environment, variable: string): string | undefined {
  const value = environment[variable]?.trim();
  return value === undefined || value === '' ? undefined : value;
}
