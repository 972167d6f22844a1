import { defaultErrorType } from '../../model/scripted/default-error-type.ts';
import type { ScriptedError } from '../../model/scripted/scripted-reply.ts';
import type { IdSequence } from './id-sequence.ts';
import { jsonResponse, type WireResponse } from './wire-response.ts';

/**
 * An error as the Anthropic API sends it: `{ type: 'error', error: { type, message }, request_id }` with
 * the HTTP status, a `request-id` header and the scripted headers (e.g. `retry-after`).
 *
 * @example
 * anthropicError({ status: 529, message: 'Overloaded' }, ids); // error.type 'overloaded_error'
 */
export function anthropicError(error: ScriptedError, ids: IdSequence): WireResponse {
  const requestId = ids.next('req_');
  const type = error.type ?? defaultErrorType(error.status);
  return jsonResponse(
    error.status,
    { type: 'error', error: { type, message: error.message }, request_id: requestId },
    { 'request-id': requestId, ...error.headers },
  );
}
