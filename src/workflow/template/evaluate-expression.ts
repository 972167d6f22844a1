import { didYouMean } from '../../diagnostics/closest-name.ts';
import { type Expression, formatPath } from './expression.ts';
import { readProperty } from './read-property.ts';
import type { TemplateErrorCode } from './template-error.ts';

/** The variables a template can read, by name. */
export type TemplateScope = ReadonlyMap<string, unknown>;

/** The result of {@link evaluateExpression}: a value, or why there is none. */
export type Evaluation =
  | { readonly ok: true; readonly value: unknown }
  | {
      readonly ok: false;
      readonly code: TemplateErrorCode;
      readonly message: string;
      readonly hint?: string;
    };

/**
 * Evaluates an expression against the variables in scope. An undefined name is an error that suggests
 * the closest defined name; a missing field reads as undefined.
 *
 * @example
 * evaluateExpression(expression, new Map([['analysis', { summary: 'ok' }]])); // { ok: true, value: 'ok' }
 */
export function evaluateExpression(expression: Expression, scope: TemplateScope): Evaluation {
  if (!scope.has(expression.root)) {
    const hint = didYouMean(expression.root, scope.keys(), 'defined here');
    return {
      ok: false,
      code: 'undefined_variable',
      message: `undefined variable '${expression.root}'`,
      ...(hint === undefined ? {} : { hint }),
    };
  }
  let value = scope.get(expression.root);
  for (const [index, segment] of expression.path.entries()) {
    const read = readProperty(value, segment);
    if (!read.ok) {
      const container = formatPath(expression.root, expression.path.slice(0, index));
      return {
        ok: false,
        code: 'invalid_path',
        message: `cannot read '${formatPath(expression.root, expression.path.slice(0, index + 1))}': ${read.reason}`,
        hint: `check what '${container}' holds`,
      };
    }
    value = read.value;
  }
  return { ok: true, value };
}
