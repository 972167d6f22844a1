/**
 * The error an aborted call rejects with: the signal's reason when it is an error (a `DOMException`
 * named `AbortError`, or `TimeoutError` for `AbortSignal.timeout`), as `fetch` does in the real
 * adapters; otherwise an `AbortError` carrying the reason as its cause.
 *
 * @example
 * if (signal.aborted) throw abortError(signal);
 */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error('The operation was aborted.', { cause: reason });
  error.name = 'AbortError';
  return error;
}
