import { isEventStream, type WireResponse } from './wire-response.ts';

/**
 * The same response, broken: a stream gets an extra event in its middle whose `data:` is the first half
 * of a neighbouring event's JSON; a JSON body is cut in half (with a matching `content-length`), status
 * kept.
 *
 * @example
 * malformedResponse(jsonResponse(200, { id: 'msg_1' })).body; // ['{"id":"m']
 */
export function malformedResponse(response: WireResponse): WireResponse {
  if (isEventStream(response)) {
    const jsonEvents = response.body.flatMap((piece, index) => (piece.includes('data: {') ? [index] : []));
    const at = jsonEvents[Math.floor(jsonEvents.length / 2)];
    if (at === undefined) return response;
    const broken = response.body[at]!.split('\n')
      .map((line) => (line.startsWith('data: ') ? `data: ${halfOf(line.slice('data: '.length))}` : line))
      .join('\n');
    return { ...response, body: [...response.body.slice(0, at), broken, ...response.body.slice(at)] };
  }
  const truncated = halfOf(response.body.join(''));
  return {
    ...response,
    headers: { ...response.headers, 'content-length': String(Buffer.byteLength(truncated)) },
    body: [truncated],
  };
}

/** A proper prefix of a JSON object is never valid JSON: the closing brace is missing. */
function halfOf(json: string): string {
  return json.slice(0, Math.max(1, Math.floor(json.length / 2)));
}
