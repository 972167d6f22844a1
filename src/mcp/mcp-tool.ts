import { z } from 'zod';
import type { AnyTool, ToolExecutionContext } from '../agent/tool.ts';
import type { ModelFunctionTool } from '../spec/model.ts';
import { mcpToolName } from './mcp-tool-name.ts';

/** A tool as an MCP server lists it: the few fields Vega reads. */
export interface McpToolDescription {
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  /** JSON Schema of the arguments (`type: object`). */
  readonly inputSchema: Readonly<Record<string, unknown>>;
  readonly annotations?: { readonly readOnlyHint?: boolean; readonly idempotentHint?: boolean };
}

/** One content part of a tool result, as MCP sends it. */
export interface McpContentPart {
  readonly type: string;
  readonly text?: string;
  readonly mimeType?: string;
  readonly uri?: string;
  readonly resource?: { readonly uri?: string; readonly text?: string; readonly mimeType?: string };
}

/** What a `tools/call` returns: the fields Vega reads. */
export interface McpToolResult {
  readonly content?: readonly McpContentPart[];
  readonly structuredContent?: unknown;
  readonly isError?: boolean;
}

/** Calls one tool on the server; the connection's `callTool`. */
export type McpCallTool = (
  name: string,
  input: Record<string, unknown>,
  signal: AbortSignal,
) => Promise<McpToolResult>;

/** A failed MCP tool call (`isError: true`): the model reads its text as the tool's error. */
export class McpToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'McpToolError';
  }
}

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

// The server validates arguments against its own schema; the model sees that schema unchanged.
const ARGUMENTS = z.preprocess(
  (value) => (value === undefined || value === null || value === '' ? {} : value),
  z.record(z.string(), z.unknown()),
);

/**
 * A server's tool as a Vega tool named `<server>__<tool>`: the model sees the server's JSON Schema as
 * written; text content becomes the output (parts joined by new lines), structured content when there is
 * no text; an `isError` result becomes a tool error the model reads. Undefined when the combined name
 * is not one providers accept (1–64 letters, digits, `_`, `-`). Idempotent (re-run on resume instead
 * of failing as an unknown outcome) only when the server marks the tool read-only or idempotent.
 *
 * @example
 * const add = mcpTool('calc', { name: 'add', inputSchema: { type: 'object' } }, connection.callTool);
 */
export function mcpTool(
  server: string,
  description: McpToolDescription,
  call: McpCallTool,
): AnyTool | undefined {
  const name = mcpToolName(server, description.name);
  if (!TOOL_NAME.test(name)) return undefined;
  const text =
    description.description ?? description.title ?? `Tool '${description.name}' of MCP server '${server}'.`;
  const idempotent =
    description.annotations?.idempotentHint === true || description.annotations?.readOnlyHint === true;
  const definition: ModelFunctionTool = {
    type: 'function',
    name,
    description: text,
    inputSchema: { type: 'object', ...description.inputSchema } as ModelFunctionTool['inputSchema'],
  };
  return Object.freeze({
    name,
    description: text,
    input: ARGUMENTS,
    idempotent,
    definition: Object.freeze(definition),
    async execute(input: Record<string, unknown>, context: ToolExecutionContext): Promise<unknown> {
      const result = await call(description.name, input, context.signal);
      const output = toolOutput(result);
      if (result.isError === true)
        throw new McpToolError(typeof output === 'string' ? output : JSON.stringify(output));
      return output;
    },
  });
}

/** Text parts joined; structured content when there is no text; other parts described in brackets. */
function toolOutput(result: McpToolResult): unknown {
  const parts = result.content ?? [];
  const texts = parts.map(describePart).filter((text) => text !== '');
  if (texts.length === 0 && result.structuredContent !== undefined) return result.structuredContent;
  return texts.join('\n');
}

function describePart(part: McpContentPart): string {
  if (part.type === 'text') return part.text ?? '';
  if (part.type === 'resource' && part.resource?.text !== undefined) return part.resource.text;
  if (part.type === 'resource_link') return `[resource: ${part.uri ?? ''}]`;
  const what = part.mimeType ?? part.resource?.mimeType ?? '';
  return `[${part.type}${what === '' ? '' : `: ${what}`}]`;
}
