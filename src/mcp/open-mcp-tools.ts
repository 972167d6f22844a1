import type { AnyTool } from '../agent/tool.ts';
import { type ConnectMcpServerOptions, connectMcpServer, type McpConnection } from './connect-mcp-server.ts';
import type { McpSettings } from './mcp-server-config.ts';
import { McpServerNotConnected } from './mcp-server-not-connected.ts';
import { MCP_WILDCARD, splitMcpToolName } from './mcp-tool-name.ts';
import { UnknownMcpTool } from './unknown-mcp-tool.ts';

/** The tools of a run's MCP servers, open until {@link McpToolbox.close}. */
export interface McpToolbox {
  /** Every server's connection, by name, in declared order. */
  readonly servers: ReadonlyMap<string, McpConnection>;
  /**
   * The MCP tools an agent's `tools:` names: `<server>__<tool>`, or `<server>__*` for all of a server's
   * tools; other names (built-in tools) are skipped. Throws {@link UnknownMcpTool} for a tool the server
   * does not have.
   */
  toolsFor(agent: string, names: readonly string[]): AnyTool[];
  /** Closes every connection; never throws. */
  close(): Promise<void>;
}

/** A toolbox without servers: an agent that lists an MCP tool fails with {@link McpServerNotConnected}. */
export const EMPTY_MCP_TOOLBOX: McpToolbox = toolbox(new Map(), async () => {});

/**
 * Connects to every server of `settings.mcp` at once and lists their tools. If any fails, the others are
 * closed and the first failure (in declared order) is thrown, a {@link McpServerFailed}.
 *
 * @example
 * const mcp = await openMcpTools(document.settings.mcp, { signal });
 * try { const tools = mcp.toolsFor('Coder', ['filesystem__read_file']); } finally { await mcp.close(); }
 */
export async function openMcpTools(
  settings: McpSettings | undefined,
  options: ConnectMcpServerOptions = {},
): Promise<McpToolbox> {
  if (settings === undefined || settings.servers.length === 0) return EMPTY_MCP_TOOLBOX;
  const outcomes = await Promise.allSettled(
    settings.servers.map((server) => connectMcpServer(server, options)),
  );
  const connections = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  const close = async (): Promise<void> => {
    await Promise.allSettled(connections.map((connection) => connection.close()));
  };
  if (failure !== undefined) {
    await close();
    throw failure.reason;
  }
  return toolbox(new Map(connections.map((connection) => [connection.server.name, connection])), close);
}

function toolbox(servers: ReadonlyMap<string, McpConnection>, close: () => Promise<void>): McpToolbox {
  return {
    servers,
    close,
    toolsFor(agent, names) {
      const tools: AnyTool[] = [];
      for (const name of names) {
        const parts = splitMcpToolName(name);
        if (parts === undefined) continue;
        const connection = servers.get(parts.server);
        if (connection === undefined) throw new McpServerNotConnected(agent, name, parts.server);
        const wanted =
          parts.tool === MCP_WILDCARD
            ? connection.tools
            : connection.tools.filter((tool) => tool.name === name);
        if (wanted.length === 0 && parts.tool !== MCP_WILDCARD) {
          throw new UnknownMcpTool({
            agent,
            server: parts.server,
            tool: parts.tool,
            available: connection.toolNames,
          });
        }
        for (const tool of wanted) if (!tools.includes(tool)) tools.push(tool);
      }
      return tools;
    },
  };
}
