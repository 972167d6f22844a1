/** The provider wire formats the fixture server speaks. */
export type ApiFormat = 'anthropic-messages' | 'openai-chat' | 'openai-responses';

/** One HTTP request the fixture server received, as it arrived. */
export interface RecordedRequest {
  /** 0-based position among every request this server received since start or the last `reset()`. */
  readonly index: number;
  readonly method: string;
  /** The path without the query string, e.g. `/v1/messages`. */
  readonly path: string;
  /** Lower-case header names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body parsed as JSON, or `undefined` when it is empty or not JSON. */
  readonly body: unknown;
  /** The body exactly as received. */
  readonly rawBody: string;
  /** The wire format of the endpoint; `undefined` when the path is not one the server speaks. */
  readonly format: ApiFormat | undefined;
  /** Whether the body asked for a server-sent event stream (`"stream": true`). */
  readonly stream: boolean;
}

/** The model the request named, echoed back in responses as the providers do. */
export function requestedModel(request: RecordedRequest): string {
  const body = request.body;
  if (typeof body === 'object' && body !== null && 'model' in body && typeof body.model === 'string') {
    return body.model;
  }
  return 'fixture-model';
}
