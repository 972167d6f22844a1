import type { ScriptedError } from '../../model/scripted/scripted-reply.ts';
import type { IdSequence } from './id-sequence.ts';
import { jsonResponse, type WireResponse } from './wire-response.ts';

const ERROR_TYPES: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/**
 * An error as the Anthropic API sends it: `{ type: 'error', error: { type, message }, request_id }` with
 * the HTTP status, a `request-id` header and the scripted headers (e.g. `retry-after`).
 *
 * @example
 * anthropicError({ status: 529, message: 'Overloaded' }, ids); // error.type 'overloaded_error'
 */
export function anthropicError(error: ScriptedError, ids: IdSequence): WireResponse {
  const requestId = ids.next('req_');
  const type =
    error.type ?? ERROR_TYPES[error.status] ?? (error.status >= 500 ? 'api_error' : 'invalid_request_error');
  return jsonResponse(
    error.status,
    { type: 'error', error: { type, message: error.message }, request_id: requestId },
    { 'request-id': requestId, ...error.headers },
  );
}
