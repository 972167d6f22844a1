import { isAlias, type ParsedNode } from 'yaml';
import type { LoadContext } from './load-context.ts';

/**
 * Follows a YAML alias (`*name`) to the node it refers to; any other node is returned as is.
 *
 * @example
 * const value = resolveNode(context, pair.value);
 */
export function resolveNode(context: LoadContext, node: ParsedNode | null | undefined): ParsedNode | null {
  if (node === undefined || node === null) return null;
  if (!isAlias(node)) return node;
  const target = node.resolve(context.document);
  return (target as ParsedNode | undefined) ?? null;
}
