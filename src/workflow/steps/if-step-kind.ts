import type { IfStep } from '../document/step.ts';
import { readExpression } from '../load/read-expression.ts';
import { isTruthy } from '../template/plain-values.ts';
import { collectStepKeys } from './collect-step-keys.ts';
import { readStepId } from './read-step-names.ts';
import type { StepKind } from './step-kind.ts';

/**
 * `- if: "'APPROVED' in review"` with `then: [...]` and optional `else: [...]`: the condition is an
 * expression without braces (`{{x}}` inside means the value of `x`); runs one block, keyed
 * `step-<i>/then/<j>` or `step-<i>/else/<j>`. Its value is the last value the block gave, `null` when
 * it ran nothing.
 *
 * @example
 * await stepKinds.if.execute(step, execution);
 */
export const ifStepKind: StepKind<IfStep> = {
  keyword: 'if',
  parse(item, context) {
    const load = context.load;
    const keys = collectStepKeys(
      load,
      item.entries.filter((entry) => entry !== item.primary),
      ['then', 'else', 'id'],
      'an `if` step',
    );
    const condition = readExpression(load, item.primary.value, '`if`');
    const thenEntry = keys.get('then');
    if (thenEntry === undefined) {
      load.report(
        'error',
        'missing_key',
        '`if` needs a `then` block',
        item.primary.keySpan,
        'write it as `- if: "ready"` with `then: [ … ]` (and optionally `else: [ … ]`) beside it',
      );
    }
    const elseEntry = keys.get('else');
    const thenSteps = thenEntry === undefined ? [] : context.parseBlock(thenEntry.value, '`then`');
    const elseSteps = elseEntry === undefined ? [] : context.parseBlock(elseEntry.value, '`else`');
    const id = readStepId(load, keys.get('id'));
    if (condition === undefined || thenEntry === undefined) return undefined;
    return {
      kind: 'if',
      index: item.index,
      span: item.span,
      condition,
      thenSteps,
      elseSteps,
      ...(id === undefined ? {} : { id }),
    };
  },
  check(step, scope, checkBlock) {
    scope.readTemplate(step.condition);
    scope.alternatives([() => checkBlock(step.thenSteps), () => checkBlock(step.elseSteps)]);
  },
  async execute(step, execution) {
    const condition = execution.evaluate({
      kind: 'template',
      template: step.condition,
      span: step.condition.span ?? step.span,
    });
    const branch = isTruthy(condition) ? 'then' : 'else';
    const value = await execution.runBlock(branch === 'then' ? step.thenSteps : step.elseSteps, branch);
    return { value, details: { kind: 'if', branch } };
  },
};
