import { closestName } from '../../diagnostics/closest-name.ts';
import { takeAgentToolReferences } from './agent-tool-references.ts';
import { SUPPORTED_TOOLS } from './builtin-tools.ts';
import type { LoadContext } from './load-context.ts';

/**
 * Checks the tools agents list that are not built in against the names of the file's custom tools (`tools:`): an
 * unknown name is an error suggesting the closest built-in or custom tool.
 *
 * @example
 * checkAgentTools(context, new Set(['send_slack'])); // after parseAgents and parseCustomTools
 */
export function checkAgentTools(context: LoadContext, customTools: ReadonlySet<string>): void {
  const known = [...SUPPORTED_TOOLS, ...customTools];
  for (const { agent, tool } of takeAgentToolReferences(context)) {
    if (customTools.has(tool.value)) continue;
    const closest = closestName(tool.value, known);
    context.report(
      'error',
      'unknown_tool',
      `unknown tool '${tool.value}' for agent '${agent}'`,
      tool.span,
      closest === undefined
        ? `built-in tools: ${SUPPORTED_TOOLS.join(', ')}${customTools.size === 0 ? '; declare your own under `tools:`' : `; custom tools: ${[...customTools].join(', ')}`}`
        : `did you mean '${closest}'?`,
    );
  }
}
