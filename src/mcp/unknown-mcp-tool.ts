import { closestName } from '../diagnostics/closest-name.ts';
import { VegaError } from '../errors/vega-error.ts';

/**
 * An agent lists `<server>__<tool>` and the server, once connected, has no such tool. Raised before
 * the run's first step; lists the tools the server has and the closest one.
 *
 * @example
 * if (UnknownMcpTool.isUnknownMcpTool(error)) console.error(error.available);
 */
export class UnknownMcpTool extends VegaError {
  readonly agent: string;
  readonly server: string;
  readonly tool: string;
  /** The server's tools, as it listed them. */
  readonly available: readonly string[];

  constructor(fields: { agent: string; server: string; tool: string; available: readonly string[] }) {
    const closest = closestName(fields.tool, fields.available);
    const list =
      fields.available.length === 0 ? 'it has no tools' : `its tools: ${fields.available.join(', ')}`;
    super(
      'unknown_mcp_tool',
      `agent '${fields.agent}' lists '${fields.server}__${fields.tool}', but MCP server '${fields.server}' has no tool '${fields.tool}' (${list})`,
      {
        hint:
          closest === undefined
            ? `use one of its tools, or '${fields.server}__*' for all of them`
            : `did you mean '${fields.server}__${closest}'?`,
      },
    );
    this.name = 'UnknownMcpTool';
    this.agent = fields.agent;
    this.server = fields.server;
    this.tool = fields.tool;
    this.available = fields.available;
  }

  static isUnknownMcpTool(error: unknown): error is UnknownMcpTool {
    return VegaError.isInstance(error) && error.code === 'unknown_mcp_tool';
  }
}
