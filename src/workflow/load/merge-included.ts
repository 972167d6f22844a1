import type { AgentDefinition } from '../document/agent-definition.ts';
import type { WorkflowDefinition } from '../document/workflow-definition.ts';
import type { DocumentDraft } from './document-keys.ts';
import type { LoadContext } from './load-context.ts';
import type { AgentsBlock } from './parse-agents.ts';
import { parseWorkflows } from './parse-workflows.ts';
import type { IncludedFile } from './read-includes.ts';

/**
 * The `agents:` blocks of a file and of the files it includes, in that order, each with its own context.
 *
 * @example
 * const agents = parseAgents(agentsBlocks(context, draft, included.files), settings);
 */
export function agentsBlocks(
  context: LoadContext,
  draft: DocumentDraft,
  included: readonly IncludedFile[],
): AgentsBlock[] {
  const blocks: AgentsBlock[] = [];
  if (draft.agents !== undefined) blocks.push({ context, entry: draft.agents });
  for (const file of included) {
    if (file.draft.agents !== undefined) blocks.push({ context: file.context, entry: file.draft.agents });
  }
  return blocks;
}

/**
 * Reads the `workflows:` of included files (their steps may use every agent, the main file's included)
 * into `workflows`; a name already taken is an error naming both places.
 *
 * @example
 * addIncludedWorkflows(workflows, included.files, agents);
 */
export function addIncludedWorkflows(
  workflows: Map<string, WorkflowDefinition>,
  included: readonly IncludedFile[],
  agents: ReadonlyMap<string, AgentDefinition>,
): void {
  for (const file of included) {
    if (file.draft.workflows === undefined) continue;
    for (const [name, workflow] of parseWorkflows(file.context, file.draft.workflows, agents)) {
      const first = workflows.get(name);
      if (first !== undefined) {
        file.context.report(
          'error',
          'duplicate_workflow',
          `workflow '${name}' is defined twice: here and at ${first.span.file}:${first.span.line}:${first.span.column}`,
          workflow.span,
          'rename one of them; workflow names are shared by a file and the files it includes',
        );
        continue;
      }
      workflows.set(name, workflow);
    }
  }
}
