import type { SetStep } from '../document/step.ts';
import { checkVariableName } from '../load/check-variable-name.ts';
import { readMapEntries } from '../load/map-entries.ts';
import { readTemplateValue } from '../load/read-template.ts';
import { collectStepKeys } from './collect-step-keys.ts';
import { readStepId } from './read-step-names.ts';
import type { StepKind } from './step-kind.ts';

/**
 * `- set: { attempts: 0, summary: "{{draft}}" }`: assigns variables in the order written, so a later
 * entry may read an earlier one. Its value is the map of what it assigned.
 *
 * @example
 * stepKinds.set.execute(step, execution);
 */
export const setStepKind: StepKind<SetStep> = {
  keyword: 'set',
  parse(item, context) {
    const load = context.load;
    const keys = collectStepKeys(
      load,
      item.entries.filter((entry) => entry !== item.primary),
      ['id'],
      'a `set` step',
    );
    const entries = readMapEntries(load, item.primary.value, '`set`');
    if (entries === undefined) return undefined;
    const assignments = entries.flatMap((entry) => {
      const value = readTemplateValue(load, entry.value, `\`set.${entry.key}\``);
      if (!checkVariableName(load, entry.key, entry.keySpan, 'variable') || value === undefined) return [];
      return [{ name: { value: entry.key, span: entry.keySpan }, value }];
    });
    const id = readStepId(load, keys.get('id'));
    return {
      kind: 'set',
      index: item.index,
      span: item.span,
      assignments,
      ...(id === undefined ? {} : { id }),
    };
  },
  check(step, scope) {
    for (const assignment of step.assignments) {
      scope.readValue(assignment.value);
      scope.define(assignment.name, { saved: true });
    }
  },
  async execute(step, execution) {
    const assigned: [string, unknown][] = [];
    for (const assignment of step.assignments) {
      const value = execution.evaluate(assignment.value);
      execution.assign(assignment.name.value, value);
      assigned.push([assignment.name.value, value]);
    }
    return {
      value: Object.fromEntries(assigned),
      details: { kind: 'set', names: assigned.map(([name]) => name) },
    };
  },
};
