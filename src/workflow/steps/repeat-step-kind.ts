import type { RepeatStep } from '../document/step.ts';
import { readExpression } from '../load/read-expression.ts';
import { readTemplateValue } from '../load/read-template.ts';
import { stepValueError } from '../run/step-value-error.ts';
import { describeValue, isTruthy } from '../template/plain-values.ts';
import { assignSave } from './assign-save.ts';
import { loopVariables } from './loop-variables.ts';
import { readKeywordMap } from './read-keyword-map.ts';
import { readSaveName, readStepId } from './read-step-names.ts';
import type { StepKind } from './step-kind.ts';

/** How many iterations `repeat` runs at most when it has no `max:`. */
const DEFAULT_MAX = 10;

/**
 * `- repeat: { steps: [...], until: "'APPROVED' in review", max: 5 }`: runs the block, then checks
 * `until` (an expression without braces), at most `max` times (default 10; a template is evaluated to
 * an integer). Inside: `loop.index`, `loop.count`, `loop.first` (`loop.last` and `loop.length` are
 * `null`: the count is not known in advance). Iteration `n`'s steps are keyed
 * `step-<i>/repeat/<n>/<j>`. Its value is the last iteration's; `save:` keeps it.
 *
 * @example
 * await stepKinds.repeat.execute(step, execution);
 */
export const repeatStepKind: StepKind<RepeatStep> = {
  keyword: 'repeat',
  parse(item, context) {
    const load = context.load;
    const keys = readKeywordMap(load, item, {
      keyword: 'repeat',
      keys: ['steps', 'until', 'max', 'save', 'id'],
      required: ['steps'],
      siblings: ['id', 'save'],
      example: '- repeat: { steps: [ … ], until: "done", max: 5 }',
    });
    if (keys === undefined) return undefined;
    const steps = context.parseBlock(keys.get('steps')?.value ?? null, '`repeat` steps');
    const untilEntry = keys.get('until');
    const until = untilEntry === undefined ? undefined : readExpression(load, untilEntry.value, '`until`');
    const maxEntry = keys.get('max');
    const max = maxEntry === undefined ? undefined : readTemplateValue(load, maxEntry.value, '`max`');
    const save = readSaveName(load, keys.get('save'));
    const id = readStepId(load, keys.get('id'));
    if ((untilEntry !== undefined && until === undefined) || (maxEntry !== undefined && max === undefined))
      return undefined;
    return {
      kind: 'repeat',
      index: item.index,
      span: item.span,
      steps,
      ...(until === undefined ? {} : { until }),
      ...(max === undefined ? {} : { max }),
      ...(save === undefined ? {} : { save }),
      ...(id === undefined ? {} : { id }),
    };
  },
  check(step, scope, checkBlock) {
    if (step.max !== undefined) scope.readValue(step.max);
    scope.local([{ value: 'loop', span: step.span }], () =>
      scope.loop(() => {
        checkBlock(step.steps);
        if (step.until !== undefined) scope.readTemplate(step.until);
      }),
    );
    if (step.save !== undefined) scope.defineSave(step.save);
  },
  async execute(step, execution) {
    const written = step.max === undefined ? DEFAULT_MAX : execution.evaluate(step.max);
    const max = readMax(written);
    if (max === undefined)
      throw stepValueError(
        execution.document,
        step.max?.span ?? step.span,
        `\`max\` of \`repeat\` must be a whole number of at least 0, got ${describeValue(written)}`,
        'give `max` a number, like `max: 5` or `max: "{{max_iterations}}"`',
      );
    let value: unknown = null;
    let iterations = 0;
    while (iterations < max) {
      const restore = execution.bind('loop', loopVariables(iterations, null));
      try {
        value = await execution.runBlock(step.steps, `repeat/${iterations}`);
        iterations++;
        if (step.until !== undefined) {
          const done = execution.evaluate({
            kind: 'template',
            template: step.until,
            span: step.until.span ?? step.span,
          });
          if (isTruthy(done)) break;
        }
      } finally {
        restore();
      }
    }
    if (step.save !== undefined) assignSave(execution, step.save, value);
    return { value, details: { kind: 'repeat', iterations } };
  },
};

/** `max` as a count: an integer, or text that is one. */
function readMax(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number >= 0 ? number : undefined;
}
