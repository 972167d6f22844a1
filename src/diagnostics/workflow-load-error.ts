import type { Diagnostic } from './diagnostic.ts';
import { DiagnosticError } from './diagnostic-error.ts';

/**
 * A workflow file that cannot be loaded: YAML syntax, unknown keys, unknown agents, undefined
 * variables, … Code `invalid_workflow`; every problem found in one pass is in `diagnostics`, the files'
 * text in `sources`, and the message is the first error rendered as in the spec, without colour.
 *
 * @example
 * try { parseWorkflow(text, 'team.vega.yaml', { env: process.env }); } catch (error) {
 *   if (WorkflowLoadError.isWorkflowLoadError(error)) console.error(error.render({ color: true }));
 * }
 */
export class WorkflowLoadError extends DiagnosticError {
  constructor(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>) {
    super('invalid_workflow', diagnostics, sources);
    this.name = 'WorkflowLoadError';
  }

  static isWorkflowLoadError(error: unknown): error is WorkflowLoadError {
    return DiagnosticError.isDiagnosticError(error) && error.code === 'invalid_workflow';
  }
}
