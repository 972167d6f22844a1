import type { Readable } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { AnyTool } from '../agent/tool.ts';
import { describeMcpServer, type McpServerConfig } from './mcp-server-config.ts';
import { McpServerFailed } from './mcp-server-failed.ts';
import { type McpToolDescription, type McpToolResult, mcpTool } from './mcp-tool.ts';

/** An open connection to one MCP server, with its tools as Vega tools. */
export interface McpConnection {
  readonly server: McpServerConfig;
  /** The server's tools as it names them, in its order. */
  readonly toolNames: readonly string[];
  /** Its tools as Vega tools named `<server>__<tool>`, in the server's order. */
  readonly tools: readonly AnyTool[];
  /** Ends the session (a stdio server's process is stopped). Safe to call twice. */
  close(): Promise<void>;
}

/** Options of {@link connectMcpServer}. */
export interface ConnectMcpServerOptions {
  readonly signal?: AbortSignal;
  /** Bound on connecting and listing the tools, in milliseconds. Default 30 000. */
  readonly timeoutMs?: number;
  /** How an http server is fetched; default the global `fetch`. */
  readonly fetch?: typeof fetch;
}

/** How much of a failing server's stderr is kept for the error message. */
const STDERR_LIMIT = 4096;
/** How long a failed server's stderr may take to be drained into the message. */
const STDERR_DRAIN_MS = 1000;

/**
 * Connects to an MCP server through the official SDK (`stdio`: starts its command; `http`: Streamable
 * HTTP), lists every tool (all pages) and wraps each as a Vega tool. A server that does not start or
 * answer fails with {@link McpServerFailed} naming it, its command or URL, and what it wrote to stderr.
 *
 * @example
 * const connection = await connectMcpServer({ name: 'calc', transport: 'stdio', command: 'node', args: ['calc.ts'], env: {} });
 * try { console.log(connection.toolNames); } finally { await connection.close(); }
 */
export async function connectMcpServer(
  server: McpServerConfig,
  options: ConnectMcpServerOptions = {},
): Promise<McpConnection> {
  const client = new Client({ name: 'vega', version: '1.0.0' });
  const stderr = { text: '' };
  const transport = createTransport(server, stderr, options);
  const request = {
    timeout: options.timeoutMs ?? 30_000,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await client.close();
  };
  try {
    await client.connect(transport, request);
    const descriptions: McpToolDescription[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor === undefined ? {} : { cursor }, request);
      descriptions.push(...(page.tools as McpToolDescription[]));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    const callTool = async (name: string, input: Record<string, unknown>, signal: AbortSignal) =>
      (await client.callTool({ name, arguments: input }, undefined, {
        signal,
        // A tool may run long; the run's signal (and a step's timeout) bound it, not the SDK's 60 s.
        timeout: 2_147_483_647,
      })) as McpToolResult;
    const tools = descriptions.flatMap((description) => mcpTool(server.name, description, callTool) ?? []);
    return { server, toolNames: descriptions.map((description) => description.name), tools, close };
  } catch (error) {
    options.signal?.throwIfAborted();
    await drain(transport);
    await close().catch(() => {});
    throw new McpServerFailed({
      server: server.name,
      location: describeMcpServer(server),
      stderr: stderr.text,
      cause: error,
    });
  }
}

function createTransport(
  server: McpServerConfig,
  stderr: { text: string },
  options: ConnectMcpServerOptions,
): Transport {
  if (server.transport === 'http') {
    return new StreamableHTTPClientTransport(new URL(server.url), {
      requestInit: { headers: { ...server.headers } },
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    });
  }
  const transport = new StdioClientTransport({
    command: server.command,
    args: [...server.args],
    env: { ...server.env },
    stderr: 'pipe',
    ...(server.cwd === undefined ? {} : { cwd: server.cwd }),
  });
  // Kept for the error message; a server that runs fine may log freely without filling memory.
  (transport.stderr as Readable | null)?.on('data', (chunk: Buffer) => {
    stderr.text = (stderr.text + chunk.toString('utf8')).slice(-STDERR_LIMIT);
  });
  return transport;
}

/** Waits (briefly) for a failed stdio server's stderr to end, so its last words reach the message. */
async function drain(transport: Transport): Promise<void> {
  if (!(transport instanceof StdioClientTransport)) return;
  const stream = transport.stderr as Readable | null;
  if (stream === null || stream.readableEnded || transport.pid === null) return;
  let timer: NodeJS.Timeout | undefined;
  await new Promise<void>((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    timer = setTimeout(resolve, STDERR_DRAIN_MS);
  });
  clearTimeout(timer);
}
