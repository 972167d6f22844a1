const SLASH_FORM = /^\/(.*)\/([dgimsuvy]*)$/s;
// `g` and `y` make `test()` remember where it stopped, so the same entry would match differently on
// its second use; they mean nothing for a yes/no match and are dropped.
const STATEFUL_FLAGS = /[gy]/g;

/**
 * Compiles a script entry's `match`: a regular expression source, or `/source/flags`. Throws a
 * `SyntaxError` for an invalid expression.
 *
 * @example
 * compilePattern('/paris/i').test('PARIS'); // true
 */
export function compilePattern(pattern: string | RegExp): RegExp {
  if (pattern instanceof RegExp) return new RegExp(pattern.source, pattern.flags.replace(STATEFUL_FLAGS, ''));
  const slashForm = SLASH_FORM.exec(pattern);
  if (slashForm === null) return new RegExp(pattern);
  return new RegExp(slashForm[1]!, slashForm[2]!.replace(STATEFUL_FLAGS, ''));
}
