import { SSE_HEADERS } from './sse.ts';

/** What the server writes back for one request: a status, headers, and body pieces written in order. */
export interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** A JSON body is one piece; an event stream is one piece per event. */
  readonly body: readonly string[];
}

/** A JSON response with the given status; `headers` are added to (and may override) the defaults. */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): WireResponse {
  const text = JSON.stringify(body);
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    },
    body: [text],
  };
}

/** A 200 event stream made of already encoded events (see `sse.ts`). */
export function sseResponse(
  events: readonly string[],
  headers: Readonly<Record<string, string>> = {},
): WireResponse {
  return { status: 200, headers: { ...SSE_HEADERS, ...headers }, body: events };
}

/** Whether the response is a server-sent event stream (one body piece per event). */
export function isEventStream(response: WireResponse): boolean {
  return response.headers['content-type']?.startsWith('text/event-stream') === true;
}

/** The response with `headers` added under its own (its own win on a clash). */
export function withHeaders(response: WireResponse, headers: Readonly<Record<string, string>>): WireResponse {
  return { ...response, headers: { ...headers, ...response.headers } };
}
