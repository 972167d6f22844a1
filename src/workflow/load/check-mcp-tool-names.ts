import { isScalar, isSeq, type ParsedNode } from 'yaml';
import { closestName } from '../../diagnostics/closest-name.ts';
import type { SourceSpan } from '../../diagnostics/source-span.ts';
import { MCP_WILDCARD, splitMcpToolName } from '../../mcp/mcp-tool-name.ts';
import type { AgentDefinition } from '../document/agent-definition.ts';
import type { WorkflowSettings } from '../document/workflow-document.ts';
import type { LoadContext } from './load-context.ts';

/**
 * Checks the MCP tools agents list (`<server>__<tool>`, `<server>__*`): the server must be declared in
 * `settings.mcp.servers` (did-you-mean otherwise). The tool part can only be checked once the server is
 * connected, before the run's first step.
 *
 * @example
 * checkMcpToolNames(context, agents, settings);
 */
export function checkMcpToolNames(
  context: LoadContext,
  agents: ReadonlyMap<string, AgentDefinition>,
  settings: WorkflowSettings,
): void {
  const servers = (settings.mcp?.servers ?? []).map((server) => server.name);
  for (const agent of agents.values()) {
    for (const name of agent.tools) {
      const parts = splitMcpToolName(name);
      if (parts === undefined) continue;
      const span = toolSpan(context, agent, name);
      if (parts.tool === '') {
        context.report(
          'error',
          'unknown_tool',
          `'${name}' names no tool of MCP server '${parts.server}'`,
          span,
          `write '${parts.server}__<tool>', or '${parts.server}__${MCP_WILDCARD}' for all of its tools`,
        );
      } else if (!servers.includes(parts.server)) {
        const closest = closestName(parts.server, servers);
        context.report(
          'error',
          'unknown_mcp_server',
          `agent '${agent.id}' lists '${name}', but no MCP server is named '${parts.server}'`,
          span,
          closest !== undefined
            ? `did you mean '${closest}__${parts.tool}'?`
            : servers.length === 0
              ? 'declare it under settings.mcp.servers'
              : `MCP servers declared: ${servers.join(', ')}`,
        );
      }
    }
  }
}

/** Where the agent's `tools:` list writes `name` (the list, or the agent, when it cannot be found). */
function toolSpan(context: LoadContext, agent: AgentDefinition, name: string): SourceSpan {
  const list = context.document.getIn(['agents', agent.id, 'tools'], true) as ParsedNode | undefined;
  if (isSeq(list)) {
    const item = list.items.find((node) => isScalar(node) && node.value === name);
    if (item !== undefined) return context.spanOf(item as ParsedNode);
  }
  return agent.fieldSpans.tools ?? agent.span;
}
