import type { IncomingMessage } from 'node:http';
import type { RecordedRequest } from './recorded-request.ts';
import { formatForPath } from './routes.ts';

/**
 * Reads a request to its end and describes it as it will be recorded (all but its position): path without
 * the query, headers, the raw body and the body parsed as JSON, the wire format of its endpoint and
 * whether it asked for a stream.
 *
 * @example
 * const received = await readRequest(incoming);
 * requests.push({ ...received, index: requests.length });
 */
export async function readRequest(incoming: IncomingMessage): Promise<Omit<RecordedRequest, 'index'>> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const path = new URL(incoming.url ?? '/', 'http://127.0.0.1').pathname;
  const body = parseJson(rawBody);
  return {
    method: incoming.method ?? 'GET',
    path,
    headers,
    body,
    rawBody,
    format: formatForPath(path)?.format,
    stream: typeof body === 'object' && body !== null && 'stream' in body && body.stream === true,
  };
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
