import { didYouMean } from '../../diagnostics/closest-name.ts';
import { diagnosticAt } from '../../diagnostics/diagnostic.ts';
import type { WorkflowDefinition } from '../document/workflow-definition.ts';
import type { WorkflowDocument } from '../document/workflow-document.ts';
import { WorkflowRunError } from './workflow-run-error.ts';

/**
 * The workflow to run: the one named, or the only one in the file. Several without a name, an
 * unknown name or none at all are {@link WorkflowRunError}s that list the workflows.
 *
 * @example
 * const workflow = selectWorkflow(document, options.workflow);
 */
export function selectWorkflow(document: WorkflowDocument, name: string | undefined): WorkflowDefinition {
  const names = [...document.workflows.keys()];
  const sources = new Map([[document.file, document.source]]);
  const where = document.fieldSpans.workflows ?? document.span;
  if (name !== undefined) {
    const workflow = document.workflows.get(name);
    if (workflow !== undefined) return workflow;
    const hint = didYouMean(name, names, 'workflows in this file') ?? 'this file has no workflows';
    throw new WorkflowRunError(
      'unknown_workflow',
      diagnosticAt(where, 'unknown_workflow', `unknown workflow '${name}'`, hint),
      sources,
    );
  }
  const [first, second] = document.workflows.values();
  if (first === undefined) {
    const diagnostic = diagnosticAt(
      where,
      'no_workflows',
      'this file has no workflows',
      'add one under `workflows:`',
    );
    throw new WorkflowRunError('no_workflows', diagnostic, sources);
  }
  if (second === undefined) return first;
  const diagnostic = diagnosticAt(
    first.span,
    'workflow_required',
    `this file has ${names.length} workflows: ${names.join(', ')}`,
    `choose one with --workflow ${first.name}`,
  );
  throw new WorkflowRunError('workflow_required', diagnostic, sources);
}
