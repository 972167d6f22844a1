import { closestName, didYouMean } from '../../diagnostics/closest-name.ts';
import { allSteps } from '../document/nested-steps.ts';
import type { WorkflowStep } from '../document/step.ts';
import type { WorkflowDefinition } from '../document/workflow-definition.ts';
import type { LoadContext } from './load-context.ts';

/**
 * Checks every `workflow:` step of the document against the workflows it names, once all are read: an
 * unknown workflow (with "did you mean"), a `with` key the sub-workflow does not declare (listing its
 * inputs), a required input `with` does not give. Types, `enum`, `min` and `max` are checked when the
 * step runs, on the values the templates give.
 *
 * @example
 * checkWorkflowStepCalls(context, workflows);
 */
export function checkWorkflowStepCalls(
  context: LoadContext,
  workflows: ReadonlyMap<string, WorkflowDefinition>,
): void {
  for (const caller of workflows.values()) {
    for (const step of allSteps(caller.steps)) {
      if (step.kind === 'workflow') checkCall(context, step, caller.name, workflows);
    }
  }
}

function checkCall(
  context: LoadContext,
  step: WorkflowStep,
  caller: string,
  workflows: ReadonlyMap<string, WorkflowDefinition>,
): void {
  const name = step.workflow.value;
  const target = workflows.get(name);
  if (target === undefined) {
    context.report(
      'error',
      'unknown_workflow',
      `unknown workflow '${name}' in workflow '${caller}'`,
      step.workflow.span,
      didYouMean(name, workflows.keys(), 'workflows defined') ?? 'this file defines no workflows',
    );
    return;
  }
  const declared = target.inputs.map((input) => input.name);
  const [single] = target.inputs;
  const given = new Set<string>();
  for (const input of step.inputs) {
    // `input` stands for the single input of a one-input workflow, as on the command line.
    const alias = input.name.value === 'input' && target.inputs.length === 1 && single !== undefined;
    const resolved = alias ? single.name : input.name.value;
    if (declared.includes(resolved)) {
      given.add(resolved);
      continue;
    }
    const closest = closestName(input.name.value, declared);
    const list = declared.length === 0 ? 'it takes no inputs' : `its inputs: ${declared.join(', ')}`;
    context.report(
      'error',
      'unknown_input',
      `workflow '${name}' has no input '${input.name.value}'`,
      input.name.span,
      closest === undefined ? list : `did you mean '${closest}'? (${list})`,
    );
  }
  for (const input of target.inputs) {
    if (!input.required || given.has(input.name)) continue;
    context.report(
      'error',
      'missing_input',
      `workflow '${name}' needs input '${input.name}', which \`with\` does not give`,
      step.withSpan ?? step.workflow.span,
      `add it: \`with: { ${input.name}: "…" }\``,
    );
  }
}
