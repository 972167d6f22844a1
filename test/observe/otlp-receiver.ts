import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST the receiver got. */
export interface OtlpRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: OtlpTraceBody;
}

/** The OTLP/HTTP JSON body of a trace export (the parts tests read). */
export interface OtlpTraceBody {
  readonly resourceSpans: readonly {
    readonly resource: { readonly attributes: readonly OtlpAttribute[] };
    readonly scopeSpans: readonly { readonly spans: readonly OtlpSpan[] }[];
  }[];
}

export interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly attributes: readonly OtlpAttribute[];
  readonly events?: readonly { readonly name: string }[];
}

export interface OtlpAttribute {
  readonly key: string;
  readonly value: Record<string, unknown>;
}

/** A local OTLP/HTTP receiver: records every POST (JSON) and answers 200. */
export interface OtlpReceiver {
  readonly url: string;
  readonly requests: OtlpRequest[];
  spans(): OtlpSpan[];
  close(): Promise<void>;
}

/**
 * Starts a receiver on 127.0.0.1 on an ephemeral port.
 *
 * @example
 * const receiver = await startOtlpReceiver();
 * try { ... } finally { await receiver.close(); }
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const requests: OtlpRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        path: request.url ?? '',
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpTraceBody,
      });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    spans: () =>
      requests.flatMap((request) =>
        request.body.resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans)),
      ),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}

/** An OTLP attribute's value as plain JSON (`intValue` comes as a string or a number). */
export function attributeValue(attributes: readonly OtlpAttribute[], key: string): unknown {
  const found = attributes.find((attribute) => attribute.key === key)?.value;
  if (found === undefined) return undefined;
  if ('stringValue' in found) return found.stringValue;
  if ('intValue' in found) return Number(found.intValue);
  if ('doubleValue' in found) return found.doubleValue;
  if ('boolValue' in found) return found.boolValue;
  if ('arrayValue' in found)
    return ((found.arrayValue as { values?: Record<string, unknown>[] }).values ?? []).map(
      (value) => Object.values(value)[0],
    );
  return found;
}
