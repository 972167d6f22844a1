import type { SaveTarget } from '../document/step.ts';
import { RESERVED_VARIABLE_NAMES } from '../load/check-variable-name.ts';
import type { StepExecution } from '../run/step-execution.ts';
import { stepValueError } from '../run/step-value-error.ts';

/**
 * Gives a step's value to its `save:` variable: the name as written, or a templated name
 * (`"result_{{loop.index}}"`) evaluated now. A templated name that is not a valid variable name fails
 * the step at the `save:`. Gives the name assigned.
 *
 * @example
 * if (step.save !== undefined) assignSave(execution, step.save, value);
 */
export function assignSave(execution: StepExecution, save: SaveTarget, value: unknown): string {
  const name = save.template === undefined ? save.value : execution.evaluateText(save.template);
  if (
    save.template !== undefined &&
    (!/^[A-Za-z_]\w*$/.test(name) || RESERVED_VARIABLE_NAMES.includes(name))
  ) {
    throw stepValueError(
      execution.document,
      save.span,
      `\`save: "${save.value}"\` gave '${name}', which is not a valid variable name`,
      'the name must be letters, digits and _ (not first a digit), and not a reserved name like `steps`',
    );
  }
  execution.assign(name, value);
  return name;
}
