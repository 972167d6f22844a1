import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AnyTool } from '../../agent/tool.ts';
import { tool } from '../../agent/tool.ts';
import { checkCommandAllowed } from '../../tools/allowed-commands.ts';
import { resolveAllowedPath } from '../../tools/allowed-paths.ts';
import { atomicWriteFile } from '../../tools/atomic-write-file.ts';
import { DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_MAX_OUTPUT_BYTES } from '../../tools/command-tools.ts';
import { fetchAllowed } from '../../tools/fetch-allowed.ts';
import { DEFAULT_HTTP_TIMEOUT_MS, DEFAULT_MAX_BODY_BYTES } from '../../tools/http-tools.ts';
import { runProcess } from '../../tools/run-process.ts';
import { Sandbox } from '../../tools/sandbox.ts';
import type { CustomToolDefinition, ToolImplementation } from '../document/custom-tool-definition.ts';
import { renderTemplateText } from '../template/render-template.ts';
import { systemTemplateSources } from '../template/system-template-sources.ts';
import type { Template } from '../template/template.ts';
import type { TemplateScope } from '../template/template-scope.ts';
import { renderTemplateValue } from './render-template-value.ts';
import { toolParamSchema } from './tool-param-schema.ts';

/** What a custom tool is confined to besides its own capabilities: the file's settings. */
export interface CustomToolLimits {
  readonly sandbox: string;
  /** `settings.allowed_commands`. */
  readonly allowedCommands: readonly string[];
  /** `settings.allowed_hosts`. */
  readonly allowedHosts: readonly string[];
  /** The `fetch` of `http` tools; default the global one. */
  readonly fetch?: typeof fetch;
}

/** Largest file a `file_read` tool returns. */
const MAX_READ_BYTES = 1024 * 1024;

/**
 * Turns a tool declared under `tools:` into a tool agents can call: its params become the input
 * schema, and each call renders the implementation's templates over the params and runs it — an HTTP
 * request to an allowed host, an allowed command without a shell, or a file read or write inside the
 * sandbox and the tool's `allowed_paths`.
 *
 * @example
 * const sendSlack = createCustomTool(document.tools.get('send_slack')!, { sandbox, allowedCommands: [], allowedHosts: [] });
 */
export function createCustomTool(definition: CustomToolDefinition, limits: CustomToolLimits): AnyTool {
  const implementation = definition.implementation;
  const run = implementationRunner(definition, implementation, limits);
  return tool({
    name: definition.name,
    description: definition.description,
    input: toolParamSchema(definition.params),
    idempotent: isIdempotent(implementation),
    execute: (input: Record<string, unknown>, { signal }) => {
      const scope = paramScope(definition, input);
      return run(scope, signal);
    },
  });
}

type Runner = (scope: TemplateScope, signal: AbortSignal) => Promise<unknown>;

function implementationRunner(
  definition: CustomToolDefinition,
  implementation: ToolImplementation,
  limits: CustomToolLimits,
): Runner {
  const sandbox = new Sandbox(limits.sandbox);
  const capabilities = definition.capabilities;
  switch (implementation.type) {
    case 'http': {
      const written = writtenHost(implementation.url);
      const allowedHosts = [
        ...capabilities.allowedHosts,
        ...limits.allowedHosts,
        // The host the author wrote in the URL is allowed when the tool lists none itself.
        ...(capabilities.allowedHosts.length === 0 && written !== undefined ? [written] : []),
      ];
      return async (scope, signal) => {
        const url = new URL(renderTemplateText(implementation.url, scope));
        for (const parameter of implementation.query)
          url.searchParams.append(parameter.name, renderTemplateText(parameter.template, scope));
        const headers: Record<string, string> = {};
        for (const header of implementation.headers)
          headers[header.name] = renderTemplateText(header.template, scope);
        let body: string | undefined;
        if (implementation.body !== undefined) {
          const value = renderTemplateValue(implementation.body, scope);
          if (typeof value === 'string') body = value;
          else {
            body = JSON.stringify(value);
            if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type'))
              headers['content-type'] = 'application/json';
          }
        }
        return fetchAllowed(url.href, {
          allowedHosts,
          method: implementation.method,
          headers,
          timeoutMs: implementation.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS,
          maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
          signal,
          ...(body === undefined ? {} : { body }),
          ...(limits.fetch === undefined ? {} : { fetch: limits.fetch }),
        });
      };
    }
    case 'exec': {
      const allowed = [...capabilities.allowedCommands, ...limits.allowedCommands];
      return async (scope, signal) => {
        const command = renderTemplateText(implementation.command, scope);
        checkCommandAllowed(command, allowed);
        return runProcess(
          command,
          implementation.args.map((argument) => renderTemplateText(argument, scope)),
          {
            cwd: await sandbox.resolve('.'),
            timeoutMs: implementation.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
            maxOutputBytes: DEFAULT_MAX_OUTPUT_BYTES,
            signal,
          },
        );
      };
    }
    case 'file_read':
      return async (scope, signal) => {
        const path = renderTemplateText(implementation.path, scope);
        const file = await resolveAllowedPath(sandbox, path, capabilities.allowedPaths);
        const info = await stat(file);
        if (!info.isFile()) throw new Error(`'${path}' is not a file`);
        if (info.size > MAX_READ_BYTES)
          throw new Error(`'${path}' is ${info.size} bytes; the limit is ${MAX_READ_BYTES}`);
        return readFile(file, { encoding: 'utf8', signal });
      };
    case 'file_write':
      return async (scope, signal) => {
        const path = renderTemplateText(implementation.path, scope);
        const content = renderTemplateText(implementation.content, scope);
        const file = await resolveAllowedPath(sandbox, path, capabilities.allowedPaths);
        await mkdir(dirname(file), { recursive: true });
        signal.throwIfAborted();
        if (implementation.append) await appendFile(file, content, 'utf8');
        else await atomicWriteFile(file, content, signal);
        return `${implementation.append ? 'Appended' : 'Wrote'} ${Buffer.byteLength(content)} bytes to ${sandbox.display(file)}`;
      };
  }
}

/** Reads and whole-file writes can be redone after a crash; requests that change things and commands cannot. */
function isIdempotent(implementation: ToolImplementation): boolean {
  switch (implementation.type) {
    case 'http':
      return implementation.method === 'GET' || implementation.method === 'HEAD';
    case 'exec':
      return false;
    case 'file_read':
      return true;
    case 'file_write':
      return !implementation.append;
  }
}

/** Every param is readable by name; one the model left out (without a default) reads as null. */
function paramScope(definition: CustomToolDefinition, input: Record<string, unknown>): TemplateScope {
  const values = new Map<string, unknown>(
    definition.params.map((param) => [param.name, input[param.name] ?? null]),
  );
  return Object.assign(values, { sources: systemTemplateSources({}) });
}

/**
 * The host of a URL template when the author wrote it out: the text before the first `{{` must hold
 * the whole host (followed by `/`, `?` or `#`, or be the whole URL), so a parameter cannot extend it.
 */
function writtenHost(url: Template): string | undefined {
  const [first, ...rest] = url.segments;
  if (first?.kind !== 'text') return undefined;
  const match = /^https?:\/\/[^/?#]+/i.exec(first.text);
  if (match === null) return undefined;
  const complete = first.text.length > match[0].length || rest.length === 0;
  if (!complete) return undefined;
  try {
    const parsed = new URL(match[0]);
    return parsed.port === '' ? parsed.hostname : `${parsed.hostname}:${parsed.port}`;
  } catch {
    return undefined;
  }
}
