import type { SourceSpan } from '../diagnostics/source-span.ts';

/** An MCP server started as a child process, spoken to over its stdin and stdout. */
export interface McpStdioServerConfig {
  readonly name: string;
  readonly transport: 'stdio';
  readonly command: string;
  readonly args: readonly string[];
  /** Added to the small safe environment the SDK passes on (PATH, HOME, …): never the whole of ours. */
  readonly env: Readonly<Record<string, string>>;
  /** Where the process starts: the workflow file's folder, so relative `args` read as written. */
  readonly cwd?: string;
  /** Where the server is declared. */
  readonly span?: SourceSpan;
}

/** An MCP server reached over Streamable HTTP. */
export interface McpHttpServerConfig {
  readonly name: string;
  readonly transport: 'http';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly span?: SourceSpan;
}

/**
 * One entry of `settings.mcp.servers`.
 *
 * @example
 * const server: McpServerConfig = { name: 'files', transport: 'stdio', command: 'npx', args: ['-y', 'server'], env: {} };
 */
export type McpServerConfig = McpStdioServerConfig | McpHttpServerConfig;

/** `settings.mcp`: the servers whose tools agents may use as `<server>__<tool>`. */
export interface McpSettings {
  readonly servers: readonly McpServerConfig[];
}

/**
 * Where a server is, for error messages: its command line or its URL.
 *
 * @example
 * describeMcpServer({ name: 'x', transport: 'stdio', command: 'node', args: ['s.ts'], env: {} }); // 'node s.ts'
 */
export function describeMcpServer(server: McpServerConfig): string {
  return server.transport === 'stdio' ? [server.command, ...server.args].join(' ') : server.url;
}
