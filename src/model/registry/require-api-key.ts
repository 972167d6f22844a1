import { MissingApiKey } from '../../errors/missing-api-key.ts';
import type { Environment } from './model-registry.ts';
import { readVariable } from './read-variable.ts';

/** The API key in `variable`, or a `MissingApiKey` error that says how to set it. */
export function requireApiKey(
  environment: Environment,
  fields: { provider: string; variable: string; model: string; keyPage?: string },
): string {
  const key = readVariable(environment, fields.variable);
  if (key === undefined) throw new MissingApiKey(fields);
  return key;
}
