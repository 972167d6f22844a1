export { type ConnectMcpServerOptions, connectMcpServer, type McpConnection } from './connect-mcp-server.ts';
export {
  describeMcpServer,
  type McpHttpServerConfig,
  type McpServerConfig,
  type McpSettings,
  type McpStdioServerConfig,
} from './mcp-server-config.ts';
export { McpServerFailed } from './mcp-server-failed.ts';
export { McpServerNotConnected } from './mcp-server-not-connected.ts';
export { type McpToolDescription, McpToolError, mcpTool } from './mcp-tool.ts';
export {
  isMcpToolName,
  MCP_SEPARATOR,
  MCP_WILDCARD,
  mcpToolName,
  splitMcpToolName,
} from './mcp-tool-name.ts';
export { EMPTY_MCP_TOOLBOX, type McpToolbox, openMcpTools } from './open-mcp-tools.ts';
export { UnknownMcpTool } from './unknown-mcp-tool.ts';
