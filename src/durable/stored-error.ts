import { VegaError } from '../errors/vega-error.ts';
import type { StoredError } from '../spec/store.ts';

const OWN_FIELDS_SKIPPED = new Set(['name', 'message', 'stack', 'cause', 'code', 'hint']);

/**
 * An error as the store keeps it: class name, stable code, message and its other JSON-able fields.
 *
 * @example
 * await store.failEffect(runId, key, toStoredError(error), Date.now());
 */
export function toStoredError(error: unknown): StoredError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as { code?: unknown }).code;
  const details: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(error)) {
    if (OWN_FIELDS_SKIPPED.has(field) || typeof value === 'function') continue;
    if (isJsonable(value)) details[field] = value;
  }
  const hint = (error as { hint?: unknown }).hint;
  if (typeof hint === 'string') details.hint = hint;
  return {
    name: error.name,
    ...(typeof code === 'string' ? { code } : {}),
    message: error.message,
    ...(Object.keys(details).length === 0 ? {} : { details }),
  };
}

/**
 * The error again, from what was kept: a `VegaError` with the same code, message and fields (its
 * `name` is the original class name), or a plain `Error` when it had no code.
 */
export function reviveError(stored: StoredError): Error {
  const hint = stored.details?.hint;
  const error =
    stored.code === undefined
      ? new Error(stored.message)
      : new VegaError(stored.code, stored.message, typeof hint === 'string' ? { hint } : {});
  error.name = stored.name;
  for (const [field, value] of Object.entries(stored.details ?? {})) {
    if (field !== 'hint' && !(field in error)) (error as unknown as Record<string, unknown>)[field] = value;
  }
  return error;
}

function isJsonable(value: unknown): boolean {
  try {
    return JSON.stringify(value) !== undefined;
  } catch {
    return false;
  }
}
