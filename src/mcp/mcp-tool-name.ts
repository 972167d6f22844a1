/** Between a server's name and its tool's in a Vega tool name: `filesystem__read_file`. */
export const MCP_SEPARATOR = '__';

/** The tool part that stands for every tool of a server: `filesystem__*`. */
export const MCP_WILDCARD = '*';

/**
 * The Vega name of a server's tool.
 *
 * @example
 * mcpToolName('filesystem', 'read_file'); // 'filesystem__read_file'
 */
export function mcpToolName(server: string, tool: string): string {
  return `${server}${MCP_SEPARATOR}${tool}`;
}

/**
 * Splits a name from an agent's `tools:` into server and tool, or undefined when it names no MCP tool
 * (no `__`). The first `__` separates: a server name cannot contain one, a tool name may.
 *
 * @example
 * splitMcpToolName('filesystem__read_file'); // { server: 'filesystem', tool: 'read_file' }
 * splitMcpToolName('filesystem__*');         // { server: 'filesystem', tool: '*' }
 */
export function splitMcpToolName(name: string): { server: string; tool: string } | undefined {
  const at = name.indexOf(MCP_SEPARATOR);
  if (at <= 0) return undefined;
  return { server: name.slice(0, at), tool: name.slice(at + MCP_SEPARATOR.length) };
}

/**
 * Whether a name from an agent's `tools:` names an MCP tool (`<server>__<tool>`).
 *
 * @example
 * isMcpToolName('filesystem__read_file'); // true
 */
export function isMcpToolName(name: string): boolean {
  return splitMcpToolName(name) !== undefined;
}
