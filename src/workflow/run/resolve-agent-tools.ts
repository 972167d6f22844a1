import type { AnyTool } from '../../agent/tool.ts';
import { builtinTools } from '../../tools/builtin-tools.ts';
import type { AgentDefinition } from '../document/agent-definition.ts';
import type { WorkflowDocument } from '../document/workflow-document.ts';
import { createCustomTool } from './create-custom-tool.ts';

/** Options of {@link createToolResolver}. */
export interface ToolResolverOptions {
  /**
   * Tools from elsewhere by the name agents list them under (MCP servers' `<server>__<tool>`). They are
   * looked up first.
   */
  readonly extraTools?: ReadonlyMap<string, AnyTool>;
  /** The `fetch` of the HTTP tools; default the global one. */
  readonly fetch?: typeof fetch;
}

/**
 * Builds the tools of a workflow file once — the built-ins confined to `settings.sandbox` (default:
 * the file's folder), `settings.allowed_commands` and `settings.allowed_hosts`, and the custom tools
 * of `tools:` — and returns the lookup of an agent's tools by the names it lists.
 *
 * @example
 * const toolsOf = createToolResolver(document, { extraTools: mcpTools });
 * defineAgent({ name: 'Coder', model, tools: toolsOf(document.agents.get('Coder')!) });
 */
export function createToolResolver(
  document: WorkflowDocument,
  options: ToolResolverOptions = {},
): (agent: Pick<AgentDefinition, 'id' | 'tools'>) => AnyTool[] {
  const limits = {
    sandbox: document.settings.sandbox ?? document.directory,
    allowedCommands: document.settings.allowedCommands ?? [],
    allowedHosts: document.settings.allowedHosts ?? [],
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  };
  let tools: Map<string, AnyTool> | undefined;
  const all = (): Map<string, AnyTool> => {
    tools ??= new Map<string, AnyTool>([
      ...Object.entries(builtinTools(limits)),
      ...[...(document.tools ?? new Map()).values()].map(
        (definition) => [definition.name, createCustomTool(definition, limits)] as const,
      ),
      ...(options.extraTools ?? new Map()),
    ]);
    return tools;
  };
  return (agent) =>
    agent.tools.map((name) => {
      const found = all().get(name);
      if (found === undefined) throw new TypeError(`Unknown tool '${name}' for agent '${agent.id}'.`);
      return found;
    });
}
