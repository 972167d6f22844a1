import type { SourceSpan } from '../../diagnostics/source-span.ts';

/**
 * A value and where it was written.
 *
 * @example
 * const save: Located<string> = { value: 'code', span: { file: 'team.vega.yaml', line: 7, column: 11, length: 4 } };
 */
export interface Located<T> {
  readonly value: T;
  readonly span: SourceSpan;
}

/** YAML key (as written in the file) → span of that key's value, for the keys that were present. */
export type FieldSpans = Readonly<Record<string, SourceSpan>>;
