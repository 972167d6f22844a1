import type { SourceSpan } from '../../diagnostics/source-span.ts';
import type { LoadContext } from './load-context.ts';

/** Names the runtime defines itself; a file cannot declare, save or set them. */
export const RESERVED_VARIABLE_NAMES: readonly string[] = [
  'inputs',
  'steps',
  '__proto__',
  'constructor',
  'prototype',
];

/**
 * Checks a name a template will read (`{{name}}`): an input, a `save:`, a `set:` key, an `id:`.
 * Reports `invalid_name` and returns false when it cannot be read that way or is reserved.
 *
 * @example
 * if (checkVariableName(context, 'draft', span, 'variable')) define('draft');
 */
export function checkVariableName(
  context: LoadContext,
  name: string,
  span: SourceSpan,
  what: string,
): boolean {
  if (!/^[A-Za-z_]\w*$/.test(name)) {
    context.report(
      'error',
      'invalid_name',
      `invalid ${what} name '${name}'`,
      span,
      'use letters, digits and _ (not first a digit), so that {{name}} can read it',
    );
    return false;
  }
  if (RESERVED_VARIABLE_NAMES.includes(name)) {
    context.report(
      'error',
      'invalid_name',
      `'${name}' is a reserved name; it cannot name ${what === 'input' ? 'an' : 'a'} ${what}`,
      span,
      'choose another name',
    );
    return false;
  }
  return true;
}
