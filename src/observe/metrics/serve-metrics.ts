import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MetricsServerError } from './metrics-server-error.ts';

/** What a metrics endpoint serves: the text and its content type. */
export interface MetricsSource {
  readonly contentType: string;
  text(): Promise<string>;
}

/** Options of {@link serveMetrics}. */
export interface ServeMetricsOptions {
  /** What to serve: {@link VegaMetrics}, or anything with `text()` and `contentType`. */
  readonly metrics: MetricsSource;
  /** `0` picks a free port. */
  readonly port: number;
  /** Default `127.0.0.1`: metrics stay on this machine unless asked otherwise (`0.0.0.0`). */
  readonly host?: string;
  /** Closes the server when aborted. */
  readonly signal?: AbortSignal;
}

/** A running metrics endpoint. */
export interface MetricsServer {
  readonly host: string;
  readonly port: number;
  /** `http://host:port/metrics`. */
  readonly url: string;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` in the Prometheus text format over node:http; anything else is 404.
 *
 * @example
 * const server = await serveMetrics({ metrics: createVegaMetrics(), port: 9464 });
 * // curl http://127.0.0.1:9464/metrics
 * await server.close();
 */
export async function serveMetrics(options: ServeMetricsOptions): Promise<MetricsServer> {
  const source = options.metrics;
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response
        .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
        .end('Not found: try /metrics\n');
      return;
    }
    source.text().then(
      (text) => {
        response.writeHead(200, { 'content-type': source.contentType });
        response.end(request.method === 'HEAD' ? undefined : text);
      },
      (error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`${String(error)}\n`);
      },
    );
  });
  await listen(server, host, options.port);
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      options.signal?.removeEventListener('abort', close);
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };
  if (options.signal?.aborted) await close();
  else options.signal?.addEventListener('abort', close, { once: true });
  const shown = host.includes(':') ? `[${host}]` : host;
  return { host, port, url: `http://${shown}:${port}/metrics`, close };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) => reject(new MetricsServerError(host, port, error));
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve();
    });
  });
}
