import type { ScriptedError } from '../../model/scripted/scripted-reply.ts';
import type { IdSequence } from './id-sequence.ts';
import { jsonResponse, type WireResponse } from './wire-response.ts';

interface OpenAIErrorKind {
  readonly type: string;
  readonly code: string | null;
}

const ERROR_KINDS: Readonly<Record<number, OpenAIErrorKind>> = {
  400: { type: 'invalid_request_error', code: null },
  401: { type: 'invalid_request_error', code: 'invalid_api_key' },
  403: { type: 'request_forbidden', code: null },
  404: { type: 'invalid_request_error', code: null },
  429: { type: 'requests', code: 'rate_limit_exceeded' },
};

/**
 * An error as the OpenAI API sends it (Chat Completions and Responses alike):
 * `{ error: { message, type, param, code } }` with the HTTP status, an `x-request-id` header and the
 * scripted headers (e.g. `retry-after`).
 *
 * @example
 * openaiError({ status: 429, message: 'Rate limit reached' }, ids); // code 'rate_limit_exceeded'
 */
export function openaiError(error: ScriptedError, ids: IdSequence): WireResponse {
  const kind =
    ERROR_KINDS[error.status] ??
    (error.status >= 500
      ? { type: 'server_error', code: null }
      : { type: 'invalid_request_error', code: null });
  return jsonResponse(
    error.status,
    { error: { message: error.message, type: error.type ?? kind.type, param: null, code: kind.code } },
    { 'x-request-id': ids.next('req_'), ...error.headers },
  );
}
