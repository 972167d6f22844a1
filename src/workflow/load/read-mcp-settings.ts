import { isSeq, type ParsedNode } from 'yaml';
import type { SourceSpan } from '../../diagnostics/source-span.ts';
import type { McpServerConfig, McpSettings } from '../../mcp/mcp-server-config.ts';
import { MCP_SEPARATOR } from '../../mcp/mcp-tool-name.ts';
import { describeNode } from './describe-node.ts';
import { applyKeyTable, type KeyTable } from './key-table.ts';
import type { LoadContext } from './load-context.ts';
import { type MapEntry, readMapEntries } from './map-entries.ts';
import { readChoice } from './read-choice.ts';
import { readHttpUrl } from './read-http-url.ts';
import { readNameList, readText } from './read-scalar.ts';
import { resolveNode } from './resolve-node.ts';

/** A server of `settings.mcp.servers` while its keys are read. */
interface ServerDraft {
  name?: string;
  transport?: 'stdio' | 'http';
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  url?: string;
  headers?: Record<string, string>;
}

const SERVER_NAME = /^[a-zA-Z0-9-]+(_[a-zA-Z0-9-]+)*$/;
const STDIO_KEYS = ['command', 'args', 'env'];
const HTTP_KEYS = ['url', 'headers'];

const serverKeys: KeyTable<ServerDraft> = {
  place: 'on MCP servers',
  keys: {
    name: (entry, context, draft) => {
      const name = readText(context, entry.value, '`name` of an MCP server');
      if (name === undefined) return;
      if (!SERVER_NAME.test(name.value)) {
        context.report(
          'error',
          'invalid_name',
          `invalid MCP server name '${name.value}'`,
          name.span,
          `use letters, digits, '-' and single '_' (its tools are named <server>${MCP_SEPARATOR}<tool>)`,
        );
        return;
      }
      draft.name = name.value;
    },
    transport: (entry, context, draft) => {
      const transport = readChoice(context, entry.value, '`transport` of an MCP server', [
        'stdio',
        'http',
      ] as const);
      if (transport !== undefined) draft.transport = transport.value;
    },
    command: (entry, context, draft) => {
      const command = readText(context, entry.value, '`command` of an MCP server');
      if (command !== undefined) draft.command = command.value;
    },
    args: (entry, context, draft) => {
      draft.args = readNameList(context, entry.value, '`args` of an MCP server').map((arg) => arg.value);
    },
    env: (entry, context, draft) => {
      draft.env = readTextMap(context, entry, '`env` of an MCP server');
    },
    url: (entry, context, draft) => {
      const url = readHttpUrl(context, entry.value, '`url` of an MCP server');
      if (url !== undefined) draft.url = url.value;
    },
    headers: (entry, context, draft) => {
      draft.headers = readTextMap(context, entry, '`headers` of an MCP server');
    },
  },
};

/**
 * Reads `settings.mcp`: `{ servers: [ { name, transport: stdio, command, args, env } | { name,
 * transport: http, url, headers } ] }`. `transport` may be left out when `command` (stdio) or `url`
 * (http) says it. Names must be unique and fit in a tool name; a stdio server starts in the workflow
 * file's folder. Every problem is reported where it is written.
 *
 * @example
 * const mcp = readMcpSettings(context, entry); // { servers: [{ name: 'files', transport: 'stdio', ... }] }
 */
export function readMcpSettings(context: LoadContext, entry: MapEntry): McpSettings | undefined {
  const entries = readMapEntries(context, entry.value, '`settings.mcp`');
  if (entries === undefined) return undefined;
  const servers: McpServerConfig[] = [];
  for (const item of entries) {
    if (item.key !== 'servers') {
      context.report(
        'error',
        'unknown_key',
        `unknown key '${item.key}' in \`settings.mcp\``,
        item.keySpan,
        "did you mean 'servers'?",
      );
      continue;
    }
    const list = resolveNode(context, item.value);
    if (!isSeq(list)) {
      context.report(
        'error',
        'invalid_type',
        `\`settings.mcp.servers\` must be a list of servers, got ${describeNode(list)}`,
        context.spanOf(list),
        'write each as `- { name: files, transport: stdio, command: npx, args: [...] }`',
      );
      continue;
    }
    const seen = new Map<string, SourceSpan>();
    for (const node of list.items) {
      const server = readServer(context, node as ParsedNode);
      if (server === undefined) continue;
      if (seen.has(server.name)) {
        const first = seen.get(server.name);
        context.report(
          'error',
          'duplicate_name',
          `two MCP servers are named '${server.name}'`,
          server.span ?? item.keySpan,
          `the first is at line ${first?.line}; give each server its own name`,
        );
        continue;
      }
      if (server.span !== undefined) seen.set(server.name, server.span);
      servers.push(server);
    }
  }
  return { servers };
}

function readServer(context: LoadContext, node: ParsedNode): McpServerConfig | undefined {
  const span = context.spanOf(node);
  const entries = readMapEntries(context, node, 'an MCP server');
  if (entries === undefined) return undefined;
  const draft: ServerDraft = {};
  const before = context.diagnostics.length;
  const fieldSpans = applyKeyTable(context, entries, serverKeys, draft, 'an MCP server');
  const failed = context.diagnostics.length > before;
  const name = draft.name;
  if (fieldSpans.name === undefined) {
    context.report('error', 'missing_key', 'an MCP server has no `name`', span, 'add `name: files`');
  }
  const transport =
    draft.transport ?? (draft.url !== undefined || fieldSpans.url !== undefined ? 'http' : 'stdio');
  const own = transport === 'stdio' ? STDIO_KEYS : HTTP_KEYS;
  const other = transport === 'stdio' ? HTTP_KEYS : STDIO_KEYS;
  for (const key of other) {
    const keySpan = entries.find((entry) => entry.key === key)?.keySpan;
    if (keySpan === undefined) continue;
    context.report(
      'error',
      'conflicting_keys',
      `\`${key}\` is for ${transport === 'stdio' ? 'http' : 'stdio'} MCP servers; '${name ?? '?'}' is ${transport}`,
      keySpan,
      `a ${transport} server takes ${own.join(', ')}`,
    );
  }
  const required = transport === 'stdio' ? 'command' : 'url';
  if (fieldSpans[required] === undefined) {
    context.report(
      'error',
      'missing_key',
      `the ${transport} MCP server '${name ?? '?'}' has no \`${required}\``,
      span,
      transport === 'stdio' ? 'add `command: npx` (and `args: [...]`)' : 'add `url: https://…/mcp`',
    );
    return undefined;
  }
  if (failed || name === undefined) return undefined;
  if (transport === 'http') {
    if (draft.url === undefined) return undefined;
    return { name, transport, url: draft.url, headers: draft.headers ?? {}, span };
  }
  if (draft.command === undefined) return undefined;
  return {
    name,
    transport,
    command: draft.command,
    args: draft.args ?? [],
    env: draft.env ?? {},
    cwd: context.directory,
    span,
  };
}

/** A map of text values (`env`, `headers`), `${VAR}` substituted. */
function readTextMap(context: LoadContext, entry: MapEntry, label: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const item of readMapEntries(context, entry.value, label) ?? []) {
    const text = readText(context, item.value, `\`${item.key}\` in ${label}`);
    if (text !== undefined) values[item.key] = text.value;
  }
  return values;
}
