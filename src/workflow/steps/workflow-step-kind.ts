import type { WorkflowStep } from '../document/step.ts';
import { checkVariableName } from '../load/check-variable-name.ts';
import { readMapEntries } from '../load/map-entries.ts';
import { readText } from '../load/read-scalar.ts';
import { readTemplateValue } from '../load/read-template.ts';
import { assignSave } from './assign-save.ts';
import { collectStepKeys } from './collect-step-keys.ts';
import { readSaveName, readStepId } from './read-step-names.ts';
import type { StepKind } from './step-kind.ts';

/**
 * `- workflow: review-code` with `with: { code: "{{code}}" }` and `save:`: runs another workflow of the
 * same document (itself included: recursion) with its own variables, its inputs taken from `with`
 * (checked like a run's inputs), the same agents and services. Its steps are keyed
 * `step-<i>/workflow/<j>`. Its value is the sub-workflow's output (its `output:`, its `return`, or its
 * last value). Nesting is bounded by `settings.max_depth` (default 20).
 *
 * @example
 * await stepKinds.workflow.execute(step, execution);
 */
export const workflowStepKind: StepKind<WorkflowStep> = {
  keyword: 'workflow',
  parse(item, context) {
    const load = context.load;
    const keys = collectStepKeys(
      load,
      item.entries.filter((entry) => entry !== item.primary),
      ['with', 'save', 'id'],
      'a `workflow` step',
    );
    const name = readText(load, item.primary.value, '`workflow`');
    const withEntry = keys.get('with');
    const entries =
      withEntry === undefined || withEntry.value === null
        ? []
        : (readMapEntries(load, withEntry.value, '`with`') ?? []);
    const inputs = entries.flatMap((entry) => {
      const value = readTemplateValue(load, entry.value, `\`with.${entry.key}\``);
      if (!checkVariableName(load, entry.key, entry.keySpan, 'input') || value === undefined) return [];
      return [{ name: { value: entry.key, span: entry.keySpan }, value }];
    });
    const save = readSaveName(load, keys.get('save'));
    const id = readStepId(load, keys.get('id'));
    if (name === undefined) return undefined;
    return {
      kind: 'workflow',
      index: item.index,
      span: item.span,
      workflow: name,
      inputs,
      ...(withEntry === undefined ? {} : { withSpan: withEntry.keySpan }),
      ...(save === undefined ? {} : { save }),
      ...(id === undefined ? {} : { id }),
    };
  },
  check(step, scope) {
    for (const input of step.inputs) scope.readValue(input.value);
    if (step.save !== undefined) scope.defineSave(step.save);
  },
  async execute(step, execution) {
    const inputs: Record<string, unknown> = {};
    for (const input of step.inputs) inputs[input.name.value] = execution.evaluate(input.value);
    if (execution.frame === undefined) throw new Error('a `workflow` step needs the workflow runner');
    const value = await execution.frame.runWorkflow({
      workflow: step.workflow.value,
      inputs,
      key: execution.key,
      span: step.workflow.span,
    });
    if (step.save !== undefined) assignSave(execution, step.save, value);
    return { value, details: { kind: 'workflow', workflow: step.workflow.value } };
  },
};
