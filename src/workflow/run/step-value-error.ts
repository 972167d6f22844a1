import { diagnosticAt } from '../../diagnostics/diagnostic.ts';
import type { SourceSpan } from '../../diagnostics/source-span.ts';
import type { WorkflowDocument } from '../document/workflow-document.ts';
import { WorkflowRunError } from './workflow-run-error.ts';

/**
 * The error of a step given a value it cannot use (`for` over a number, `max` that is not an integer),
 * located where the value is written.
 *
 * @example
 * throw stepValueError(execution.document, step.items.span, '`for` needs a list, got a number', 'give it a list');
 */
export function stepValueError(
  document: Pick<WorkflowDocument, 'file' | 'source'>,
  span: SourceSpan,
  message: string,
  hint: string,
): WorkflowRunError {
  return new WorkflowRunError(
    'invalid_operation',
    diagnosticAt(span, 'invalid_operation', message, hint),
    new Map([[document.file, document.source]]),
  );
}
