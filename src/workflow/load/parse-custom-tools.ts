import { basename, resolve } from 'node:path';
import type { ParsedNode } from 'yaml';
import type { SourceSpan } from '../../diagnostics/source-span.ts';
import { BUILTIN_TOOL_NAMES } from '../../tools/builtin-tools.ts';
import type { CustomToolDefinition, ToolImplementation } from '../document/custom-tool-definition.ts';
import type { WorkflowSettings } from '../document/workflow-document.ts';
import { parseTemplate } from '../template/parse-template.ts';
import { checkToolTemplates } from './check-tool-templates.ts';
import { type CustomToolDraft, customToolKeys } from './custom-tool-keys.ts';
import { applyKeyTable } from './key-table.ts';
import type { LoadContext } from './load-context.ts';
import { type MapEntry, readMapEntries } from './map-entries.ts';
import { openToolFiles } from './open-tool-files.ts';
import {
  IMPLEMENTATION_KEYS,
  IMPLEMENTATION_TYPES,
  type ImplementationDraft,
  toolImplementationKeys,
} from './tool-implementation-keys.ts';

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

const isBuiltin = (name: string): boolean => (BUILTIN_TOOL_NAMES as readonly string[]).includes(name);

/**
 * Reads `tools:` at the top of a file: each custom tool's description, params, implementation and
 * capabilities, every key checked with its position; `include: [tools/email.yaml]` among them reads
 * the tools of other files (relative to the including one), whose diagnostics name those files. A tool named like a built-in, a key that does not
 * apply to the implementation's type, a template reading something that is not a param, and an `exec`
 * command outside the allow-lists are errors.
 *
 * @example
 * const { tools, names } = parseCustomTools(context, toolsEntry, settings);
 */
export function parseCustomTools(
  context: LoadContext,
  toolsEntry: MapEntry,
  settings: WorkflowSettings,
): ParsedCustomTools {
  const parsed = { tools: new Map<string, CustomToolDefinition>(), names: new Set<string>() };
  readToolsMap(
    context,
    toolsEntry.value,
    settings,
    parsed,
    new Set([resolve(context.directory, basename(context.file))]),
  );
  return parsed;
}

function readToolsMap(
  context: LoadContext,
  node: ParsedNode | null,
  settings: WorkflowSettings,
  into: { tools: Map<string, CustomToolDefinition>; names: Set<string> },
  seen: Set<string>,
): void {
  if (node === null) return;
  for (const entry of readMapEntries(context, node, '`tools`') ?? []) {
    if (entry.key === 'include') {
      for (const file of openToolFiles(context, entry, seen))
        readToolsMap(file.context, file.tools, settings, into, seen);
      continue;
    }
    if (!TOOL_NAME.test(entry.key) || entry.key.includes('__') || isBuiltin(entry.key)) {
      parseCustomTool(context, entry, settings);
      continue;
    }
    const first = into.tools.get(entry.key)?.span;
    if (into.names.has(entry.key)) {
      context.report(
        'error',
        'duplicate_name',
        `the tool '${entry.key}' is declared twice`,
        entry.keySpan,
        first === undefined
          ? 'rename one of them'
          : `the other is at ${first.file}:${first.line}:${first.column}`,
      );
      continue;
    }
    into.names.add(entry.key);
    const tool = parseCustomTool(context, entry, settings);
    if (tool !== undefined) into.tools.set(tool.name, tool);
  }
}

/** What {@link parseCustomTools} read. */
export interface ParsedCustomTools {
  /** The tools that could be built (with errors reported, the file does not load anyway). */
  readonly tools: Map<string, CustomToolDefinition>;
  /**
   * Every name declared, including tools too broken to build: agents listing them get no second
   * error for it.
   */
  readonly names: ReadonlySet<string>;
}

function parseCustomTool(
  context: LoadContext,
  entry: MapEntry,
  settings: WorkflowSettings,
): CustomToolDefinition | undefined {
  const name = entry.key;
  if (!TOOL_NAME.test(name)) {
    context.report(
      'error',
      'invalid_name',
      `invalid tool name '${name}'`,
      entry.keySpan,
      'use 1 to 64 letters, digits, _ or - (model providers reject other names)',
    );
    return undefined;
  }
  if (name.includes('__')) {
    context.report(
      'error',
      'invalid_name',
      `invalid tool name '${name}': '__' is kept for MCP tools (<server>__<tool>)`,
      entry.keySpan,
      `use a single _, e.g. '${name.replaceAll(/_{2,}/g, '_')}'`,
    );
    return undefined;
  }
  if (isBuiltin(name)) {
    context.report(
      'error',
      'duplicate_name',
      `the custom tool '${name}' has the name of a built-in tool`,
      entry.keySpan,
      `rename it, e.g. 'my_${name}'; agents list the built-in '${name}' without declaring it`,
    );
    return undefined;
  }
  const entries = readMapEntries(context, entry.value, `tool '${name}'`);
  if (entries === undefined) return undefined;
  const draft: CustomToolDraft = {
    name,
    params: [],
    capabilities: { allowedHosts: [], allowedPaths: [], allowedCommands: [] },
  };
  const fieldSpans = applyKeyTable(context, entries, customToolKeys, draft, `tool '${name}'`);
  if (draft.implementation === undefined) {
    context.report(
      'error',
      'missing_key',
      `tool '${name}' has no \`implementation\``,
      entry.keySpan,
      `add \`implementation: { type: http, url: ... }\`; types: ${IMPLEMENTATION_TYPES.join(', ')}`,
    );
    return undefined;
  }
  const implementation = parseImplementation(context, draft, draft.implementation);
  if (implementation === undefined) return undefined;
  checkToolTemplates(context, name, implementation, draft.params);
  checkLiteralCommand(context, name, implementation, [
    ...draft.capabilities.allowedCommands,
    ...(settings.allowedCommands ?? []),
  ]);
  return {
    name,
    description: draft.description ?? `Custom tool ${name}`,
    params: draft.params,
    implementation,
    capabilities: draft.capabilities,
    span: entry.keySpan,
    fieldSpans,
  };
}

function parseImplementation(
  context: LoadContext,
  tool: CustomToolDraft,
  entry: MapEntry,
): ToolImplementation | undefined {
  const owner = `the implementation of tool '${tool.name}'`;
  const entries = readMapEntries(context, entry.value, owner);
  if (entries === undefined) return undefined;
  const draft: ImplementationDraft = { owner };
  const spans = applyKeyTable(context, entries, toolImplementationKeys, draft, owner);
  const type = draft.type;
  if (type === undefined) {
    if (spans.type === undefined)
      context.report(
        'error',
        'missing_key',
        `${owner} has no \`type\``,
        entry.keySpan,
        `add \`type:\` — one of ${IMPLEMENTATION_TYPES.join(', ')}`,
      );
    return undefined;
  }
  for (const key of Object.keys(spans)) {
    // Reported, not fatal: the rest of the tool is still checked (the file does not load anyway).
    if (key === 'type' || IMPLEMENTATION_KEYS[type].includes(key)) continue;
    context.report(
      'error',
      'invalid_key',
      `\`${key}\` does not apply to a ${type} implementation (tool '${tool.name}')`,
      spans[key] as SourceSpan,
      `keys of ${type}: type, ${IMPLEMENTATION_KEYS[type].join(', ')}`,
    );
  }
  const missing = (key: string, example: string): undefined => {
    context.report(
      'error',
      'missing_key',
      `${owner} (${type}) has no \`${key}\``,
      entry.keySpan,
      `add \`${key}: ${example}\``,
    );
    return undefined;
  };
  const timeout = draft.timeoutMs === undefined ? {} : { timeoutMs: draft.timeoutMs };
  let implementation: ToolImplementation | undefined;
  switch (type) {
    case 'http':
      if (draft.url === undefined) return spans.url === undefined ? missing('url', 'https://…') : undefined;
      implementation = {
        type,
        method: draft.method ?? (draft.body === undefined ? 'GET' : 'POST'),
        url: draft.url,
        headers: draft.headers ?? [],
        query: draft.query ?? [],
        ...(draft.body === undefined ? {} : { body: draft.body }),
        ...timeout,
      };
      break;
    case 'exec':
      if (draft.command === undefined)
        return spans.command === undefined ? missing('command', 'git') : undefined;
      implementation = { type, command: draft.command, args: draft.args ?? [], ...timeout };
      break;
    case 'file_read':
      if (draft.path === undefined)
        return spans.path === undefined ? missing('path', '"notes/{{name}}.md"') : undefined;
      implementation = { type, path: draft.path };
      break;
    case 'file_write': {
      if (draft.path === undefined)
        return spans.path === undefined ? missing('path', '"notes/{{name}}.md"') : undefined;
      let content = draft.content;
      if (content === undefined && spans.content === undefined) {
        // Without `content:`, the tool writes its `content` param, when it has one.
        if (!tool.params.some((param) => param.name === 'content'))
          return missing('content', '"{{text}}" (or declare a param named content)');
        content = parseTemplate('{{content}}').template;
      }
      if (content === undefined) return undefined;
      implementation = { type, path: draft.path, content, append: draft.append ?? false };
      break;
    }
  }
  return implementation;
}

/** A command written as plain text is checked now, rather than on the model's first call. */
function checkLiteralCommand(
  context: LoadContext,
  tool: string,
  implementation: ToolImplementation,
  allowed: readonly string[],
): void {
  if (implementation.type !== 'exec') return;
  const [only, ...rest] = implementation.command.segments;
  if (only?.kind !== 'text' || rest.length > 0 || allowed.includes(only.text)) return;
  context.report(
    'error',
    'command_not_allowed',
    `tool '${tool}' runs '${only.text}', which is not an allowed command`,
    implementation.command.span ?? context.spanOf(null),
    `add it to the tool's \`capabilities: { allowed_commands: [${only.text}] }\` or to \`settings.allowed_commands\``,
  );
}
