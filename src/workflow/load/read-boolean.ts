import type { ParsedNode } from 'yaml';
import { isScalar } from 'yaml';
import type { Located } from '../document/located.ts';
import { describeNode } from './describe-node.ts';
import type { LoadContext } from './load-context.ts';
import { resolveNode } from './resolve-node.ts';

/**
 * Reads `true` or `false`; anything else is reported as `invalid_type` and gives `undefined`.
 *
 * @example
 * const failFast = readBoolean(context, entry.value, '`fail_fast`');
 */
export function readBoolean(
  context: LoadContext,
  raw: ParsedNode | null,
  label: string,
): Located<boolean> | undefined {
  const node = resolveNode(context, raw);
  const span = context.spanOf(node);
  if (isScalar(node) && typeof node.value === 'boolean') return { value: node.value, span };
  context.report('error', 'invalid_type', `${label} must be true or false, got ${describeNode(node)}`, span);
  return undefined;
}
