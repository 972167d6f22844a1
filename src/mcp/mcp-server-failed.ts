import { VegaError } from '../errors/vega-error.ts';

/**
 * An MCP server that could not be reached before the run's first step: its process did not start or
 * did not speak MCP, or its URL did not answer. Names the server and where it is; `stderr` holds what
 * a stdio server printed before it failed (the usual reason).
 *
 * @example
 * if (McpServerFailed.isMcpServerFailed(error)) console.error(error.server, error.location, error.stderr);
 */
export class McpServerFailed extends VegaError {
  /** The server's `name`. */
  readonly server: string;
  /** Its command line (stdio) or URL (http). */
  readonly location: string;
  /** The end of what the server wrote to stderr (stdio only; empty otherwise). */
  readonly stderr: string;

  constructor(fields: { server: string; location: string; stderr: string; cause: unknown }) {
    const reason = fields.cause instanceof Error ? fields.cause.message : String(fields.cause);
    const output = fields.stderr.trim() === '' ? '' : `\nits stderr:\n${indent(fields.stderr.trimEnd())}`;
    super(
      'mcp_server_failed',
      `MCP server '${fields.server}' (${fields.location}) could not be started: ${reason}${output}`,
      {
        cause: fields.cause,
        hint: `check settings.mcp.servers '${fields.server}': run \`${fields.location}\` by hand to see it start`,
      },
    );
    this.name = 'McpServerFailed';
    this.server = fields.server;
    this.location = fields.location;
    this.stderr = fields.stderr;
  }

  static isMcpServerFailed(error: unknown): error is McpServerFailed {
    return VegaError.isInstance(error) && error.code === 'mcp_server_failed';
  }
}

const indent = (text: string): string =>
  text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
