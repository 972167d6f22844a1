import { OutcomeUnknown, RunDivergence } from '../../errors/durable-errors.ts';
import type { TryStep } from '../document/step.ts';
import { RunCompensated } from '../run/compensated-run-error.ts';
import { ReturnSignal } from '../run/return-signal.ts';
import { stepErrorOf } from '../run/step-error-of.ts';
import type { StepError } from '../run/workflow-result.ts';
import { collectStepKeys } from './collect-step-keys.ts';
import { readStepId } from './read-step-names.ts';
import type { StepKind } from './step-kind.ts';

/**
 * `- try: [...]` with `catch: [...]` and/or `finally: [...]`: runs the block (keyed
 * `step-<i>/try/<j>`); when it fails, `catch` runs (`step-<i>/catch/<j>`) with `error` holding
 * `{ message, type, step }`; `finally` (`step-<i>/finally/<j>`) runs after both, whether they failed
 * or a `return` ended them, but not when the run is aborted. An error in `catch` propagates after
 * `finally`. Never caught: a `return`, an abort, a journal that no longer matches the run. Its value is
 * the block's last value, or `catch`'s when the block failed.
 *
 * @example
 * await stepKinds.try.execute(step, execution);
 */
export const tryStepKind: StepKind<TryStep> = {
  keyword: 'try',
  parse(item, context) {
    const load = context.load;
    const keys = collectStepKeys(
      load,
      item.entries.filter((entry) => entry !== item.primary),
      ['catch', 'finally', 'id'],
      'a `try` step',
    );
    const steps = context.parseBlock(item.primary.value, '`try`');
    const catchEntry = keys.get('catch');
    const finallyEntry = keys.get('finally');
    if (catchEntry === undefined && finallyEntry === undefined) {
      load.report(
        'error',
        'missing_key',
        '`try` needs a `catch` or a `finally` block',
        item.primary.keySpan,
        'add `catch: [ … ]` (runs when the block fails, with `error`) or `finally: [ … ]` (always runs) beside `try`',
      );
    }
    const catchSteps = catchEntry === undefined ? undefined : context.parseBlock(catchEntry.value, '`catch`');
    const finallySteps =
      finallyEntry === undefined ? undefined : context.parseBlock(finallyEntry.value, '`finally`');
    const id = readStepId(load, keys.get('id'));
    if (catchSteps === undefined && finallySteps === undefined) return undefined;
    return {
      kind: 'try',
      index: item.index,
      span: item.span,
      steps,
      ...(catchSteps === undefined ? {} : { catchSteps }),
      ...(finallySteps === undefined ? {} : { finallySteps }),
      ...(id === undefined ? {} : { id }),
    };
  },
  check(step, scope, checkBlock) {
    checkBlock(step.steps);
    if (step.catchSteps !== undefined) {
      const catchSteps = step.catchSteps;
      // Either the block ran to its end, or it failed and `catch` ran: what both save is read alike.
      scope.alternatives([
        () => {},
        () => scope.local([{ value: 'error', span: step.span }], () => checkBlock(catchSteps)),
      ]);
    }
    if (step.finallySteps !== undefined) checkBlock(step.finallySteps);
  },
  async execute(step, execution) {
    let value: unknown = null;
    let caught: StepError | undefined;
    try {
      try {
        value = await execution.runBlock(step.steps, 'try');
      } catch (thrown) {
        if (step.catchSteps === undefined || !isCatchable(thrown, execution.signal)) throw thrown;
        caught = stepErrorOf(thrown);
        const restore = execution.bind('error', caught);
        try {
          value = await execution.runBlock(step.catchSteps, 'catch');
        } finally {
          restore();
        }
      }
    } finally {
      if (step.finallySteps !== undefined && !execution.signal.aborted)
        await execution.runBlock(step.finallySteps, 'finally');
    }
    return {
      value,
      details: {
        kind: 'try',
        caught: caught !== undefined,
        ...(caught === undefined ? {} : { error: caught }),
      },
    };
  },
};

/**
 * What `catch` handles: any failure of the block, but not a `return`, an abort, a broken journal or a
 * resumed run that got past a compensated failure.
 */
function isCatchable(thrown: unknown, signal: AbortSignal): boolean {
  return !(
    signal.aborted ||
    ReturnSignal.isReturnSignal(thrown) ||
    RunCompensated.isRunCompensated(thrown) ||
    RunDivergence.isRunDivergence(thrown) ||
    OutcomeUnknown.isOutcomeUnknown(thrown)
  );
}
