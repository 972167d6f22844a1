/**
 * A place in a source file: 1-based line and column (in UTF-16 code units, as editors count) and how
 * many characters to underline from there.
 *
 * @example
 * const span: SourceSpan = { file: 'team.vega.yaml', line: 45, column: 9, length: 4 };
 */
export interface SourceSpan {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly length: number;
}
