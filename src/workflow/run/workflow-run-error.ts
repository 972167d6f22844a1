import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import { DiagnosticError } from '../../diagnostics/diagnostic-error.ts';

/** Why a run failed on something the workflow file says. */
export type WorkflowRunErrorCode =
  | 'workflow_required'
  | 'unknown_workflow'
  | 'no_workflows'
  | 'undefined_variable'
  | 'invalid_path'
  | 'invalid_operation'
  | 'unknown_filter'
  | 'max_depth_exceeded';

const RUN_ERROR_CODES: ReadonlySet<string> = new Set<WorkflowRunErrorCode>([
  'workflow_required',
  'unknown_workflow',
  'no_workflows',
  'undefined_variable',
  'invalid_path',
  'invalid_operation',
  'unknown_filter',
  'max_depth_exceeded',
]);

/**
 * A run that failed on something in the workflow file: no workflow chosen among several, an unknown
 * workflow, a template that reads a name that is not defined. Carries the diagnostic with its
 * position and the file's text, like a load error; its message is the rendered code frame.
 *
 * @example
 * if (WorkflowRunError.isWorkflowRunError(error) && error.code === 'workflow_required') printUsage();
 */
export class WorkflowRunError extends DiagnosticError {
  declare readonly code: WorkflowRunErrorCode;

  constructor(
    code: WorkflowRunErrorCode,
    diagnostic: Diagnostic,
    sources: ReadonlyMap<string, string>,
    options: { cause?: unknown } = {},
  ) {
    super(code, [diagnostic], sources, options);
    this.name = 'WorkflowRunError';
  }

  static isWorkflowRunError(error: unknown): error is WorkflowRunError {
    return DiagnosticError.isDiagnosticError(error) && RUN_ERROR_CODES.has(error.code);
  }
}
