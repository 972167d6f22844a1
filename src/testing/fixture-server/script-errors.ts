import type { ScriptedError } from '../../model/scripted/scripted-reply.ts';
import type { RecordedRequest } from './recorded-request.ts';

/**
 * The 500 for a model request nothing was scripted for.
 *
 * @example
 * noReplyError(request).message; // 'Fixture server: no reply was scripted for request #0 (POST /v1/messages). ...'
 */
export function noReplyError(request: RecordedRequest): ScriptedError {
  return {
    status: 500,
    message:
      `Fixture server: no reply was scripted for request #${request.index} (${request.method} ${request.path}). ` +
      'Call enqueue(...) or setHandler(...) before the model call.',
  };
}

/**
 * The 500 for a script that failed: a handler that threw, or chunks that do not join to the text.
 *
 * @example
 * scriptFailure(request, new Error('no script for this agent')).status; // 500
 */
export function scriptFailure(request: RecordedRequest, error: unknown): ScriptedError {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    status: 500,
    message: `Fixture server: the script failed for request #${request.index} (${request.method} ${request.path}): ${reason}`,
  };
}
