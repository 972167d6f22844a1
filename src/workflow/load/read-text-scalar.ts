import { isScalar, type ParsedNode, type Scalar } from 'yaml';
import type { SourceSpan } from '../../diagnostics/source-span.ts';
import { describeNode } from './describe-node.ts';
import type { LoadContext } from './load-context.ts';
import { resolveNode } from './resolve-node.ts';

/**
 * The scalar a template or an expression is read from, with its span; a map, a list or an empty value
 * is reported (`<label> must be <what>`) and gives `undefined`.
 *
 * @example
 * const scalar = readTextScalar(context, entry.value, '`if`', 'an expression');
 */
export function readTextScalar(
  context: LoadContext,
  raw: ParsedNode | null,
  label: string,
  what: string,
): { readonly node: Scalar.Parsed; readonly span: SourceSpan } | undefined {
  const node = resolveNode(context, raw);
  const span = context.spanOf(node);
  if (!isScalar(node) || node.value === null || node.value === undefined || typeof node.value === 'object') {
    context.report('error', 'invalid_type', `${label} must be ${what}, got ${describeNode(node)}`, span);
    return undefined;
  }
  return { node, span };
}
