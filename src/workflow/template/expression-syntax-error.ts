/**
 * A mistake in an expression's text, with where it is: offset and length from the start of the
 * expression, a message saying what is wrong and a hint saying how to fix it.
 *
 * @example
 * throw new ExpressionSyntaxError('expected a value after `+`', { offset: 4, length: 1 });
 */
export class ExpressionSyntaxError extends Error {
  readonly offset: number;
  readonly length: number;
  readonly hint: string | undefined;

  constructor(message: string, place: { offset: number; length: number }, hint?: string) {
    super(message);
    this.name = 'ExpressionSyntaxError';
    this.offset = place.offset;
    this.length = Math.max(1, place.length);
    this.hint = hint;
  }
}
