import type { AnyTool } from '../agent/tool.ts';
import { commandTools } from './command-tools.ts';
import { fileTools } from './file-tools.ts';
import { httpTools } from './http-tools.ts';

/** Names of the built-in tools, in the order the spec lists them. */
export const BUILTIN_TOOL_NAMES = [
  'read_file',
  'write_file',
  'append_file',
  'list_files',
  'run_command',
  'http_get',
  'http_post',
] as const;

/** The name of a built-in tool. */
export type BuiltinToolName = (typeof BUILTIN_TOOL_NAMES)[number];

/** What the built-in tools are confined to. */
export interface BuiltinToolOptions {
  /** The folder file tools and commands work in. */
  readonly sandbox: string;
  /** Commands `run_command` may run. */
  readonly allowedCommands: readonly string[];
  /** Hosts `http_get` and `http_post` may reach. */
  readonly allowedHosts: readonly string[];
  /** The `fetch` the HTTP tools use; default the global one. */
  readonly fetch?: typeof fetch;
}

/**
 * Every built-in tool, confined to one sandbox and allow-lists.
 *
 * @example
 * const tools = builtinTools({ sandbox: './workspace', allowedCommands: ['git'], allowedHosts: ['api.github.com'] });
 * defineAgent({ name: 'dev', model, tools: [tools.read_file, tools.run_command] });
 */
export function builtinTools(options: BuiltinToolOptions): Record<BuiltinToolName, AnyTool> {
  return {
    ...fileTools(options.sandbox),
    ...commandTools(options.sandbox, { allowedCommands: options.allowedCommands }),
    ...httpTools({
      allowedHosts: options.allowedHosts,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    }),
  };
}
