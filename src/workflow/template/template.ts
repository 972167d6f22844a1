import type { SourceSpan } from '../../diagnostics/source-span.ts';
import type { Expression } from './expression.ts';

/** Literal text of a template. */
export interface TextSegment {
  readonly kind: 'text';
  readonly text: string;
}

/** A `{{ … }}` of a template, parsed once, with where it is in the template and in the file. */
export interface ExpressionSegment {
  readonly kind: 'expression';
  readonly expression: Expression;
  /** Offset of the `{{` in the template's text. */
  readonly offset: number;
  /** Length from `{{` to `}}` included. */
  readonly length: number;
  /** Where the `{{ … }}` is in the source file, when the template came from one. */
  readonly span?: SourceSpan;
}

/** One part of a template. */
export type TemplateSegment = TextSegment | ExpressionSegment;

/**
 * A string with `{{ … }}` expressions, parsed once at load time so that the static check and run-time
 * errors point at the right column.
 *
 * @example
 * const { template } = parseTemplate('Write {{task}}');
 * renderTemplateText(template, new Map([['task', 'a parser']])); // 'Write a parser'
 */
export interface Template {
  /** The text as written (before `${VAR}` substitution). */
  readonly source: string;
  readonly segments: readonly TemplateSegment[];
  /** Where the whole string is in the source file, when it came from one. */
  readonly span?: SourceSpan;
}

/**
 * The expression segments of a template.
 *
 * @example
 * for (const segment of templateExpressions(template)) console.log(segment.expression.source);
 */
export function templateExpressions(template: Template): readonly ExpressionSegment[] {
  return template.segments.filter((segment): segment is ExpressionSegment => segment.kind === 'expression');
}
