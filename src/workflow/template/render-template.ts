import { evaluateExpression, type TemplateScope } from './evaluate-expression.ts';
import { stringifyValue } from './stringify-value.ts';
import type { ExpressionSegment, Template } from './template.ts';
import { TemplateError } from './template-error.ts';

/**
 * Evaluates a template. A template that is exactly one `{{ expr }}` yields the value with its type (a
 * list stays a list); otherwise the parts are joined as text (lists and maps as JSON, null as empty).
 * Throws a {@link TemplateError} located at the failing `{{`.
 *
 * @example
 * renderTemplate(parseTemplate('{{items}}').template, new Map([['items', [1, 2]]])); // [1, 2]
 */
export function renderTemplate(template: Template, scope: TemplateScope): unknown {
  const [only, ...rest] = template.segments;
  if (only?.kind === 'expression' && rest.length === 0) return evaluateSegment(only, scope);
  return joinSegments(template, scope);
}

/**
 * Evaluates a template to text, always: what an agent is sent.
 *
 * @example
 * renderTemplateText(parseTemplate('{{items}}').template, new Map([['items', [1, 2]]])); // '[1,2]'
 */
export function renderTemplateText(template: Template, scope: TemplateScope): string {
  return stringifyValue(renderTemplate(template, scope));
}

function joinSegments(template: Template, scope: TemplateScope): string {
  let text = '';
  for (const segment of template.segments) {
    text += segment.kind === 'text' ? segment.text : stringifyValue(evaluateSegment(segment, scope));
  }
  return text;
}

function evaluateSegment(segment: ExpressionSegment, scope: TemplateScope): unknown {
  const evaluation = evaluateExpression(segment.expression, scope);
  if (evaluation.ok) return evaluation.value;
  throw new TemplateError({
    code: evaluation.code,
    message: evaluation.message,
    expression: segment.expression.source,
    span: segment.span,
    hint: evaluation.hint,
  });
}
