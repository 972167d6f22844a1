import { VegaError } from '../../errors/vega-error.ts';

/**
 * A sub-workflow (`- workflow: review-code`) failed: carries which workflow and which of its steps, and
 * the chain of workflows that led there (outermost first). `cause` is the failure itself; `catch`
 * sees that failure's message and type in `error`.
 *
 * @example
 * if (WorkflowStepError.isWorkflowStepError(error)) console.error(error.chain.join(' → '), error.step);
 */
export class WorkflowStepError extends VegaError {
  /** The sub-workflow that failed. */
  readonly workflow: string;
  /** The step of that workflow that failed, named as `error.step` names it. */
  readonly step: string;
  /** The workflows being run when it failed, from the one the run started with. */
  readonly chain: readonly string[];

  constructor(workflow: string, step: string, chain: readonly string[], cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('sub_workflow_failed', `workflow '${workflow}' failed at step '${step}': ${reason}`, {
      cause,
      hint: `called as ${chain.join(' → ')}`,
    });
    this.name = 'WorkflowStepError';
    this.workflow = workflow;
    this.step = step;
    this.chain = chain;
  }

  static isWorkflowStepError(error: unknown): error is WorkflowStepError {
    return VegaError.isInstance(error) && error.code === 'sub_workflow_failed';
  }
}
