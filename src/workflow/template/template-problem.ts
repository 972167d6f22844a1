/**
 * Something wrong in a template's text, found while parsing it: where (offset and length in the
 * template's text), a stable code, what, and how to fix it.
 */
export interface TemplateProblem {
  readonly code: 'invalid_expression' | 'unsupported';
  readonly message: string;
  readonly offset: number;
  readonly length: number;
  readonly hint?: string;
  /**
   * The precise place of the mistake inside the template's text (within the `{{ … }}` that `offset`
   * and `length` cover), when there is one.
   */
  readonly at?: { readonly offset: number; readonly length: number };
}
