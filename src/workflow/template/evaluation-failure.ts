import type { TemplateErrorCode } from './template-error.ts';

/**
 * Why an expression could not be evaluated, thrown inside the evaluator and turned into an
 * `Evaluation` (and then a `TemplateError`) at its edge.
 *
 * @example
 * throw new EvaluationFailure('invalid_operation', 'division by zero', 'check the divisor first');
 */
export class EvaluationFailure extends Error {
  readonly code: TemplateErrorCode;
  readonly hint: string | undefined;

  constructor(code: TemplateErrorCode, message: string, hint?: string) {
    super(message);
    this.name = 'EvaluationFailure';
    this.code = code;
    this.hint = hint;
  }
}

/**
 * Throws an `invalid_operation` failure: a value of the wrong kind, a division by zero, a bad argument.
 *
 * @example
 * if (divisor === 0) fail('division by zero');
 */
export function fail(message: string, hint?: string): never {
  throw new EvaluationFailure('invalid_operation', message, hint);
}
