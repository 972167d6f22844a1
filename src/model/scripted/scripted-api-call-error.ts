import { APICallError } from '@ai-sdk/provider';
import { defaultErrorType } from './default-error-type.ts';
import type { ScriptedError } from './scripted-reply.ts';

/**
 * The `APICallError` a real adapter would throw for this HTTP error: status, lower-cased response
 * headers, a JSON body in the Anthropic error shape, and `isRetryable` decided by the AI SDK's own rule
 * (408, 409, 429 and 5xx), so retry and classification treat scripted and real failures alike.
 *
 * @example
 * throw scriptedApiCallError({ status: 429, message: 'slow down', headers: { 'retry-after': '2' } }, 'echo');
 */
export function scriptedApiCallError(error: ScriptedError, modelId: string): APICallError {
  const responseHeaders: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(error.headers ?? {}))
    responseHeaders[name.toLowerCase()] = value;
  const data = {
    type: 'error',
    error: { type: error.type ?? defaultErrorType(error.status), message: error.message },
  };
  return new APICallError({
    message: error.message,
    url: `scripted://${modelId}`,
    requestBodyValues: { model: modelId },
    statusCode: error.status,
    responseHeaders,
    responseBody: JSON.stringify(data),
    data,
  });
}
