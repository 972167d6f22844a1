import type { Step } from '../document/step.ts';
import type { WorkflowDefinition } from '../document/workflow-definition.ts';
import { kindOf } from '../steps/kind-of.ts';
import type { LoadContext } from './load-context.ts';
import { VariableScope } from './variable-scope.ts';

/**
 * The static pass over one workflow: walks its steps in order knowing which names are defined (inputs,
 * `input` for a single input, what earlier steps saved or set) and reports each `{{name}}` that reads
 * an undefined one; then warns about saved variables nothing reads.
 *
 * @example
 * for (const workflow of workflows.values()) checkWorkflowVariables(context, workflow);
 */
export function checkWorkflowVariables(context: LoadContext, workflow: WorkflowDefinition): void {
  const scope = new VariableScope(context, workflow.name);
  scope.declareInputs(workflow.inputs.map((input) => ({ value: input.name, span: input.span })));
  const [single] = workflow.inputs;
  if (workflow.inputs.length === 1 && single !== undefined && single.name !== 'input') {
    scope.define({ value: 'input', span: single.span }, { saved: false });
  }
  let lastStepStart = scope.checkpoint();
  const checkBlock = (steps: readonly Step[]): void => {
    for (const step of steps) {
      kindOf(step).check(step, scope, checkBlock);
      if (step.compensate !== undefined) checkBlock(step.compensate);
      if (step.id !== undefined) scope.defineStepId(step.id);
    }
  };
  for (const step of workflow.steps) {
    lastStepStart = scope.checkpoint();
    checkBlock([step]);
  }
  if (workflow.output === undefined) scope.markReadSince(lastStepStart);
  else scope.readValue(workflow.output);

  for (const variable of scope.unread()) {
    context.report(
      'warning',
      'unused_variable',
      `variable '${variable.value}' is saved but never read in workflow '${workflow.name}'`,
      variable.span,
      `read it with {{${variable.value}}} in a later step or in \`output\`, or do not save it`,
    );
  }
}
