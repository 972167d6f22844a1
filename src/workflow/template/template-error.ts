import type { SourceSpan } from '../../diagnostics/source-span.ts';
import { VegaError } from '../../errors/vega-error.ts';

/** Why a template could not be evaluated. */
export type TemplateErrorCode =
  | 'undefined_variable'
  | 'invalid_path'
  | 'invalid_operation'
  | 'unknown_filter';

const CODES: ReadonlySet<string> = new Set<TemplateErrorCode>([
  'undefined_variable',
  'invalid_path',
  'invalid_operation',
  'unknown_filter',
]);

/**
 * A template that failed at run time: a name that is not defined, a path into something that has no
 * such field, an operator or filter given the wrong kind of value (or a division by zero), or an
 * unknown filter. Carries the expression and, when the template came from a file, the span of its `{{`.
 *
 * @example
 * if (TemplateError.isTemplateError(error)) console.error(error.span?.line, error.hint);
 */
export class TemplateError extends VegaError {
  declare readonly code: TemplateErrorCode;
  /** The expression as written between the braces. */
  readonly expression: string;
  readonly span: SourceSpan | undefined;

  constructor(fields: {
    code: TemplateErrorCode;
    message: string;
    expression: string;
    span?: SourceSpan | undefined;
    hint?: string | undefined;
  }) {
    super(fields.code, fields.message, fields.hint === undefined ? {} : { hint: fields.hint });
    this.name = 'TemplateError';
    this.expression = fields.expression;
    this.span = fields.span;
  }

  static isTemplateError(error: unknown): error is TemplateError {
    return VegaError.isInstance(error) && CODES.has(error.code) && 'expression' in error;
  }
}
