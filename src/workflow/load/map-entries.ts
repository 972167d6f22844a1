import { isMap, isScalar, type ParsedNode } from 'yaml';
import type { SourceSpan } from '../../diagnostics/source-span.ts';
import { describeNode } from './describe-node.ts';
import type { LoadContext } from './load-context.ts';
import { resolveNode } from './resolve-node.ts';

/** One `key: value` of a YAML map, with both positions. */
export interface MapEntry {
  readonly key: string;
  readonly keyNode: ParsedNode;
  readonly keySpan: SourceSpan;
  readonly value: ParsedNode | null;
  /** The value's span, or the key's when the value is empty. */
  readonly valueSpan: SourceSpan;
}

/**
 * The entries of a YAML map node, in order. Reports `invalid_type` (and gives `undefined`) when the
 * node is not a map, and skips keys that are not text.
 *
 * @example
 * const entries = readMapEntries(context, node, '`agents`');
 */
export function readMapEntries(
  context: LoadContext,
  raw: ParsedNode | null,
  label: string,
): MapEntry[] | undefined {
  const node = resolveNode(context, raw);
  if (!isMap(node)) {
    context.report(
      'error',
      'invalid_type',
      `${label} must be a map of \`key: value\`, got ${describeNode(node)}`,
      context.spanOf(node),
    );
    return undefined;
  }
  const entries: MapEntry[] = [];
  for (const pair of node.items) {
    const keyNode = pair.key as ParsedNode;
    const keySpan = context.spanOf(keyNode);
    if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') {
      context.report('error', 'invalid_type', `keys in ${label} must be text`, keySpan);
      continue;
    }
    const value = resolveNode(context, pair.value as ParsedNode | null);
    const valueSpan = value === null ? keySpan : context.spanOf(value);
    entries.push({ key: String(keyNode.value), keyNode, keySpan, value, valueSpan });
  }
  return entries;
}
