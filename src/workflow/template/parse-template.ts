import type { SourceSpan } from '../../diagnostics/source-span.ts';
import { findExpressionEnd } from './find-expression-end.ts';
import { parseExpression } from './parse-expression.ts';
import type { Template, TemplateSegment } from './template.ts';
import type { TemplateProblem } from './template-problem.ts';

/** Options of {@link parseTemplate}. */
export interface ParseTemplateOptions {
  /** Maps an offset and length in the template's text to a place in the source file. */
  readonly locate?: (offset: number, length: number) => SourceSpan;
  /** The span of the whole string in the source file. */
  readonly span?: SourceSpan;
}

/**
 * Splits a string into literal text and `{{ … }}` expressions. Never throws: problems (an unclosed
 * `{{`, a syntax error in an expression) come back with their offsets — the whole `{{ … }}`, and `at`
 * the mistake — and the bad part is kept as literal text so the rest can still be checked.
 *
 * @example
 * const { template, problems } = parseTemplate('Review {{ code }} for {{ tasks[0] }}');
 */
export function parseTemplate(
  text: string,
  options: ParseTemplateOptions = {},
): { template: Template; problems: TemplateProblem[] } {
  const segments: TemplateSegment[] = [];
  const problems: TemplateProblem[] = [];
  let pendingText = '';
  let position = 0;
  while (position < text.length) {
    const open = text.indexOf('{{', position);
    if (open === -1) break;
    const close = findExpressionEnd(text, open + 2);
    if (close === -1) {
      problems.push({
        code: 'invalid_expression',
        message: 'unclosed `{{`',
        offset: open,
        length: 2,
        hint: 'close it with }}',
      });
      break;
    }
    const source = text.slice(open + 2, close);
    const parsed = parseExpression(source);
    const length = close + 2 - open;
    pendingText += text.slice(position, open);
    if (parsed.ok) {
      if (pendingText !== '') segments.push({ kind: 'text', text: pendingText });
      pendingText = '';
      const span = options.locate?.(open, length);
      segments.push({
        kind: 'expression',
        expression: parsed.expression,
        offset: open,
        length,
        ...(span === undefined ? {} : { span }),
      });
    } else {
      const problem = parsed.problem;
      problems.push({
        ...problem,
        offset: open,
        length,
        at: { offset: open + 2 + problem.offset, length: problem.length },
      });
      pendingText += text.slice(open, close + 2);
    }
    position = close + 2;
  }
  pendingText += text.slice(position);
  if (pendingText !== '') segments.push({ kind: 'text', text: pendingText });
  const template: Template = {
    source: text,
    segments,
    ...(options.span === undefined ? {} : { span: options.span }),
  };
  return { template, problems };
}
