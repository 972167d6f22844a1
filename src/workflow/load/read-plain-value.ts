import { isMap, isScalar, isSeq, type ParsedNode } from 'yaml';
import type { LoadContext } from './load-context.ts';
import { substituteInScalar } from './read-scalar.ts';
import { resolveNode } from './resolve-node.ts';

/**
 * Reads a YAML value as plain data (maps, lists, text, numbers, booleans, null), with `${VAR}`
 * substituted in its strings: for input defaults and enums.
 *
 * @example
 * const fallback = readPlainValue(context, entry.value);
 */
export function readPlainValue(context: LoadContext, raw: ParsedNode | null): unknown {
  const node = resolveNode(context, raw);
  if (node === null) return null;
  if (isMap(node)) {
    return Object.fromEntries(
      node.items.map((pair) => [
        String(isScalar(pair.key) ? pair.key.value : pair.key),
        readPlainValue(context, pair.value as ParsedNode | null),
      ]),
    );
  }
  if (isSeq(node)) return node.items.map((item) => readPlainValue(context, item as ParsedNode));
  if (isScalar(node) && typeof node.value === 'string') return substituteInScalar(context, node, node.value);
  return isScalar(node) ? (node.value ?? null) : null;
}
