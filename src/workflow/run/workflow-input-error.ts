import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import { DiagnosticError } from '../../diagnostics/diagnostic-error.ts';

/**
 * Inputs that do not fit the workflow, found before the first step: missing required inputs
 * (`missing_input`), values of the wrong type or outside `enum`, `min`, `max` (`invalid_input`), names
 * the workflow does not declare (`unknown_input`). Code `invalid_input`; every problem is in
 * `diagnostics`, pointing at the input's declaration.
 *
 * @example
 * if (WorkflowInputError.isWorkflowInputError(error)) { console.error(error.render({ color: true })); process.exitCode = 2; }
 */
export class WorkflowInputError extends DiagnosticError {
  /** The names of the inputs at fault. */
  readonly inputs: readonly string[];

  constructor(
    diagnostics: readonly Diagnostic[],
    inputs: readonly string[],
    sources: ReadonlyMap<string, string>,
  ) {
    super('invalid_input', diagnostics, sources);
    this.name = 'WorkflowInputError';
    this.inputs = inputs;
  }

  static isWorkflowInputError(error: unknown): error is WorkflowInputError {
    return DiagnosticError.isDiagnosticError(error) && error.code === 'invalid_input';
  }
}
