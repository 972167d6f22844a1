import type { WorkflowDefinition } from '../workflow/document/workflow-definition.ts';
import { describeInput, describeStep } from './format-document-summary.ts';
import { summarizeWorkflow } from './summarize-document.ts';

/**
 * A workflow's definition, for `vega show workflow`: description, inputs with types and defaults,
 * steps one per line (kind, agent, description, `→ save`), and the output.
 *
 * @example
 * formatWorkflowDefinition(document.workflows.get('greet')!);
 * // workflow greet  (hello.vega.yaml:18:3)
 * //   Draft and edit a greeting
 * //   inputs:
 * //     --name  string, default "world"  Who to greet
 * //   steps:
 * //     1. agent    Writer drafts the greeting → draft
 * //     2. agent    Editor → greeting
 * //   output: {{greeting}}
 */
export function formatWorkflowDefinition(workflow: WorkflowDefinition): string {
  const summary = summarizeWorkflow(workflow);
  const where = `${workflow.span.file}:${workflow.span.line}:${workflow.span.column}`;
  const lines = [`workflow ${workflow.name}  (${where})`];
  if (summary.description !== undefined) lines.push(`  ${summary.description}`);
  lines.push(summary.inputs.length === 0 ? '  inputs: (none)' : '  inputs:');
  const width = Math.max(0, ...summary.inputs.map((input) => input.name.length));
  for (const input of summary.inputs) lines.push(`    ${describeInput(input, width)}`);
  lines.push('  steps:', ...summary.steps.map((step) => `    ${describeStep(step)}`));
  lines.push(`  output: ${summary.output ?? '(the last step’s value)'}`);
  return lines.join('\n');
}
