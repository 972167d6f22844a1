import { failedStepOf } from './step-failure.ts';
import type { StepError } from './workflow-result.ts';
import { WorkflowStepError } from './workflow-step-error.ts';

/**
 * A failure as the workflow sees it in `error`: `{ message, type, step }`. `type` is the error's
 * stable code when it has one, else its class name; `step` names the innermost step that failed (or
 * `fallbackStep` when none was noted). A failed sub-workflow is seen through: `error` describes the
 * failure inside it.
 *
 * @example
 * execution.bind('error', stepErrorOf(thrown));
 */
export function stepErrorOf(thrown: unknown, fallbackStep = ''): StepError {
  let failure = thrown;
  let step = failedStepOf(thrown) ?? fallbackStep;
  while (WorkflowStepError.isWorkflowStepError(failure)) {
    step = failedStepOf(failure.cause) ?? failure.step;
    failure = failure.cause;
  }
  const code = (failure as { code?: unknown } | null)?.code;
  return {
    message: failure instanceof Error ? failure.message : String(failure),
    type: typeof code === 'string' ? code : failure instanceof Error ? failure.name : 'error',
    step,
  };
}
