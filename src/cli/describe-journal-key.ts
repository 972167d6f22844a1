import type { WorkflowDocument } from '../workflow/document/workflow-document.ts';
import { stepLabel } from '../workflow/steps/agent-step-kind.ts';

/**
 * Where a journal key is, as a person counts steps: `step-3/agent:writer/t1/model` → `step 4 (#4 writer)`.
 *
 * @example
 * describeJournalKey('step-2/agent:worker/t1/model', document, 'main'); // 'step 3 (#3 worker)'
 */
export function describeJournalKey(key: string, document: WorkflowDocument, workflow: string): string {
  const match = /^step-(\d+)/.exec(key);
  if (match === null) return `'${key}'`;
  const index = Number(match[1]);
  const step = document.workflows.get(workflow)?.steps[index];
  if (step === undefined) return `step ${index + 1}`;
  const label =
    step.kind === 'agent' ? stepLabel({ ...step, id: step.id?.value }) : (step.id?.value ?? step.kind);
  return `step ${index + 1} (${label})`;
}
