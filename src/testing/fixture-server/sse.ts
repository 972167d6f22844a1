/** Response headers of a server-sent event stream, as the providers send them. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
};

/**
 * One server-sent event with an `event:` line, as Anthropic and the OpenAI Responses API send them.
 *
 * @example
 * sseEvent('message_stop', { type: 'message_stop' });
 * // 'event: message_stop\ndata: {"type":"message_stop"}\n\n'
 */
export function sseEvent(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * One server-sent event with only a `data:` line, as OpenAI Chat Completions sends them. A string is sent
 * as is (for the closing `[DONE]`); anything else as JSON.
 *
 * @example
 * sseData({ id: 'chatcmpl-1', choices: [] }); // 'data: {"id":"chatcmpl-1","choices":[]}\n\n'
 * sseData('[DONE]'); // 'data: [DONE]\n\n'
 */
export function sseData(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}
