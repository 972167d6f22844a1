import type { ParsedNode } from 'yaml';
import type { SourceSpan } from '../../diagnostics/source-span.ts';
import { parseExpression } from '../template/parse-expression.ts';
import type { Template } from '../template/template.ts';
import type { LoadContext } from './load-context.ts';
import { readTextScalar } from './read-text-scalar.ts';

/**
 * Reads a braceless expression (`if:`, `until:`), where `{{x}}` means the value of `x`, as a template
 * of exactly one expression: evaluating it gives the value with its type, and the static check reads
 * its names like any template's. A syntax error is reported at its place in the file.
 *
 * @example
 * const condition = readExpression(context, entry.value, '`if`');
 */
export function readExpression(
  context: LoadContext,
  raw: ParsedNode | null,
  label: string,
): Template | undefined {
  const scalar = readTextScalar(context, raw, label, 'an expression');
  if (scalar === undefined) return undefined;
  const { node, span } = scalar;
  const text = String(node.value);
  const locate = locateText(context, node, text);
  return expressionTemplate(context, text, locate, span, label);
}

/**
 * Maps offsets in a scalar's text to the file, when the text is written as is in the node's source
 * (plain or quoted without escapes); otherwise to the whole node.
 *
 * @example
 * const locate = locateText(context, entry.keyNode, entry.key);
 * locate(4, 2); // the span of `in`
 */
export function locateText(
  context: LoadContext,
  node: { readonly range?: readonly [number, number, number] | null | undefined },
  text: string,
): (offset: number, length: number) => SourceSpan {
  const range = node.range;
  const start =
    range === undefined || range === null ? -1 : context.source.slice(range[0], range[1]).indexOf(text);
  return (offset, length) =>
    range === undefined || range === null || start === -1
      ? context.spanOf(node)
      : context.spanAt(range[0] + start + offset, length);
}

/**
 * Parses the text of a braceless expression found at `locate` (offsets in `text` to the file) into a
 * one-expression template; reports a syntax error there.
 *
 * @example
 * expressionTemplate(context, 'items', (offset, length) => context.spanAt(base + offset, length), span, '`for`');
 */
export function expressionTemplate(
  context: LoadContext,
  text: string,
  locate: (offset: number, length: number) => SourceSpan,
  span: SourceSpan,
  label: string,
): Template | undefined {
  const parsed = parseExpression(text, { bracedGroups: true });
  if (!parsed.ok) {
    const problem = parsed.problem;
    context.report(
      'error',
      problem.code,
      `${label}: ${problem.message}`,
      locate(problem.offset, problem.length),
      problem.hint,
    );
    return undefined;
  }
  const whole = locate(0, text.length);
  return {
    source: text,
    segments: [
      { kind: 'expression', expression: parsed.expression, offset: 0, length: text.length, span: whole },
    ],
    span,
  };
}
