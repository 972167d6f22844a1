import type { AgentDefinition } from '../document/agent-definition.ts';
import type { WorkflowDefinition } from '../document/workflow-definition.ts';
import { applyKeyTable } from './key-table.ts';
import type { LoadContext } from './load-context.ts';
import { type MapEntry, readMapEntries } from './map-entries.ts';
import { parseSteps } from './parse-steps.ts';
import { readTemplateValue } from './read-template.ts';
import { type WorkflowDraft, workflowKeys } from './workflow-keys.ts';

/**
 * Reads `workflows:`. Needs the agents, so that steps naming an unknown agent are reported.
 *
 * @example
 * const workflows = parseWorkflows(context, workflowsEntry, agents);
 */
export function parseWorkflows(
  context: LoadContext,
  workflowsEntry: MapEntry,
  agents: ReadonlyMap<string, AgentDefinition>,
): Map<string, WorkflowDefinition> {
  const workflows = new Map<string, WorkflowDefinition>();
  if (workflowsEntry.value === null) return workflows;
  for (const entry of readMapEntries(context, workflowsEntry.value, '`workflows`') ?? []) {
    const workflow = parseWorkflowDefinition(context, entry, agents);
    if (workflow !== undefined) workflows.set(workflow.name, workflow);
  }
  return workflows;
}

function parseWorkflowDefinition(
  context: LoadContext,
  entry: MapEntry,
  agents: ReadonlyMap<string, AgentDefinition>,
): WorkflowDefinition | undefined {
  const name = entry.key;
  const entries = readMapEntries(context, entry.value, `workflow '${name}'`);
  if (entries === undefined) return undefined;
  const draft: WorkflowDraft = { name, inputs: [] };
  const fieldSpans = applyKeyTable(context, entries, workflowKeys, draft, `workflow '${name}'`);
  if (draft.steps === undefined) {
    context.report(
      'error',
      'missing_key',
      `workflow '${name}' has no \`steps\``,
      entry.keySpan,
      'add `steps:` with at least one step, like `- Coder: "…"`',
    );
  }
  const steps = draft.steps === undefined ? [] : parseSteps(context, draft.steps, agents, name);
  const output =
    draft.output === undefined
      ? undefined
      : readTemplateValue(context, draft.output, `\`output\` of workflow '${name}'`);
  return {
    name,
    inputs: draft.inputs,
    steps,
    span: entry.keySpan,
    fieldSpans,
    ...(draft.description === undefined ? {} : { description: draft.description }),
    ...(output === undefined ? {} : { output }),
  };
}
