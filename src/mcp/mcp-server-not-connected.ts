import { VegaError } from '../errors/vega-error.ts';

/**
 * An agent lists an MCP tool, but the agents were built without that server connected: the caller did
 * not open `settings.mcp` (with `openMcpTools`) before creating them.
 *
 * @example
 * if (McpServerNotConnected.isMcpServerNotConnected(error)) console.error(error.server);
 */
export class McpServerNotConnected extends VegaError {
  readonly agent: string;
  readonly server: string;

  constructor(agent: string, tool: string, server: string) {
    super(
      'mcp_server_not_connected',
      `agent '${agent}' lists '${tool}', but MCP server '${server}' is not connected`,
      { hint: 'open the servers of settings.mcp with openMcpTools and pass them as `mcp`' },
    );
    this.name = 'McpServerNotConnected';
    this.agent = agent;
    this.server = server;
  }

  static isMcpServerNotConnected(error: unknown): error is McpServerNotConnected {
    return VegaError.isInstance(error) && error.code === 'mcp_server_not_connected';
  }
}
