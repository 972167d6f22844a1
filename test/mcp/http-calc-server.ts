import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { calcServer } from './calc-tools.ts';

/** A running Streamable-HTTP MCP server on 127.0.0.1 and an ephemeral port. */
export interface HttpCalcServer {
  readonly url: string;
  /** The headers of every request received. */
  readonly headers: Record<string, string | string[] | undefined>[];
  close(): Promise<void>;
}

/**
 * Starts the calc MCP server over Streamable HTTP, stateless (a fresh MCP server per request).
 *
 * @example
 * const server = await startHttpCalcServer();
 * try { ... server.url ... } finally { await server.close(); }
 */
export async function startHttpCalcServer(): Promise<HttpCalcServer> {
  const headers: Record<string, string | string[] | undefined>[] = [];
  const http = createServer(async (request, response) => {
    headers.push(request.headers);
    const mcp = calcServer();
    const transport = new StreamableHTTPServerTransport({});
    response.on('close', () => {
      void transport.close();
      void mcp.close();
    });
    await mcp.connect(transport);
    await transport.handleRequest(request, response);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    headers,
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.closeAllConnections();
        http.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
