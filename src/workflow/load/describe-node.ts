import { isMap, isScalar, isSeq } from 'yaml';

/**
 * Names what a YAML node holds, for "must be …, got …" messages.
 *
 * @example
 * describeNode(node); // "a list", "a map", "text ('hot')", "nothing"
 */
export function describeNode(node: unknown): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const value = node.value;
    if (value === null || value === undefined) return 'nothing';
    if (typeof value === 'string')
      return `text ('${value.length > 30 ? `${value.slice(0, 27)}...` : value}')`;
    if (typeof value === 'number') return `a number (${value})`;
    if (typeof value === 'boolean') return `${value}`;
  }
  return 'an unexpected value';
}
