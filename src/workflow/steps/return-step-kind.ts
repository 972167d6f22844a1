import type { ReturnStep } from '../document/step.ts';
import { readTemplateValue } from '../load/read-template.ts';
import { ReturnSignal } from '../run/return-signal.ts';
import { collectStepKeys } from './collect-step-keys.ts';
import type { StepKind } from './step-kind.ts';

/**
 * `- return: "{{code}}"` (any value with templates; `return:` alone gives `null`): ends the current
 * workflow from any depth — inside `if`, loops, `try` — with this value as its output; the workflow's
 * `output:` is not rendered then. Blocks it leaves run their `finally`; a sub-workflow's `return` ends
 * only the sub-workflow.
 *
 * @example
 * await stepKinds.return.execute(step, execution); // throws a ReturnSignal
 */
export const returnStepKind: StepKind<ReturnStep> = {
  keyword: 'return',
  parse(item, context) {
    const keys = collectStepKeys(
      context.load,
      item.entries.filter((entry) => entry !== item.primary),
      ['id'],
      'a `return` step',
    );
    const id = keys.get('id');
    if (id !== undefined) {
      context.load.report(
        'error',
        'unknown_key',
        '`id` does not belong in a `return` step',
        id.keySpan,
        'a `return` ends the workflow, so no later step could read its output; remove `id`',
      );
    }
    const value = readTemplateValue(context.load, item.primary.value, '`return`');
    if (value === undefined) return undefined;
    return { kind: 'return', index: item.index, span: item.span, value };
  },
  check(step, scope) {
    scope.readValue(step.value);
  },
  async execute(step, execution) {
    throw new ReturnSignal(execution.evaluate(step.value));
  },
};
