import { isAlias, isMap, isPair, isSeq, type Node } from 'yaml';
import type { LoadContext } from './load-context.ts';

/**
 * How many values YAML aliases may add to a file once expanded. Honest files repeat a few settings
 * blocks; a "billion laughs" file (aliases of lists of aliases) expands to millions, which the loader
 * would otherwise walk value by value.
 */
export const MAX_ALIAS_EXPANSION = 100_000;

/**
 * Checks the YAML aliases (`*name`) of the loaded document before anything reads it: an alias that
 * refers to a value containing itself is reported as `yaml_alias_cycle`, and aliases that together
 * expand to more than {@link MAX_ALIAS_EXPANSION} values as `yaml_alias_limit`, at the alias that adds
 * the most. Each node is measured once, so the check is linear in the file's size. Returns whether
 * the document is safe to read.
 *
 * @example
 * const document = checkAliasExpansion(context) ? readDocument(context) : undefined;
 */
export function checkAliasExpansion(context: LoadContext): boolean {
  const sizes = new Map<Node, number>();
  const open = new Set<Node>();
  let literal = 0;
  let worst: { alias: Node; size: number } | undefined;
  let cyclic = false;

  // Iterative, so a file nested thousands of levels deep cannot overflow the stack here.
  const sizeOf = (root: Node): number => {
    const stack: { node: Node; children: Node[] | undefined }[] = [{ node: root, children: undefined }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const { node } = frame;
      if (frame.children === undefined) {
        if (sizes.has(node)) {
          stack.pop();
          continue;
        }
        open.add(node);
        frame.children = childrenOf(context, node);
        if (!isAlias(node)) literal += 1;
        const pending = frame.children.filter((child) => !sizes.has(child));
        for (const child of pending) {
          if (open.has(child)) {
            cyclic = true;
            report(context, node, 'cycle');
            sizes.set(node, 1);
            open.delete(node);
            stack.pop();
            break;
          }
        }
        if (sizes.has(node)) continue;
        for (const child of pending) stack.push({ node: child, children: undefined });
        continue;
      }
      let size = isAlias(node) ? 0 : 1;
      for (const child of frame.children) size += sizes.get(child) ?? 1;
      sizes.set(node, size);
      open.delete(node);
      stack.pop();
      if (isAlias(node) && (worst === undefined || size > worst.size)) worst = { alias: node, size };
    }
    return sizes.get(root) ?? 1;
  };

  const contents = context.document.contents;
  if (contents === null) return true;
  const total = sizeOf(contents as Node);
  if (cyclic) return false;
  if (total - literal > MAX_ALIAS_EXPANSION && worst !== undefined) {
    report(context, worst.alias, 'limit', total - literal);
    return false;
  }
  return true;
}

function childrenOf(context: LoadContext, node: Node): Node[] {
  if (isAlias(node)) {
    const target = node.resolve(context.document) as Node | undefined;
    return target === undefined ? [] : [target];
  }
  if (isMap(node) || isSeq(node)) {
    const children: Node[] = [];
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        if (item.key !== null && typeof item.key === 'object') children.push(item.key as Node);
        if (item.value !== null && typeof item.value === 'object') children.push(item.value as Node);
      } else if (item !== null && typeof item === 'object') children.push(item as Node);
    }
    return children;
  }
  return [];
}

function report(context: LoadContext, node: Node, kind: 'cycle' | 'limit', added = 0): void {
  const span = context.spanOf(node as { range?: [number, number, number] });
  if (kind === 'cycle') {
    context.report(
      'error',
      'yaml_alias_cycle',
      'invalid YAML: this value contains an alias to itself, so it never ends',
      span,
      'an alias (`*name`) can only repeat a value defined before it, outside it',
    );
    return;
  }
  context.report(
    'error',
    'yaml_alias_limit',
    `invalid YAML: the aliases in this file expand to ${added.toLocaleString('en-US')} values, more than the ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} allowed`,
    span,
    'aliases of lists of aliases grow exponentially; write the values out, or repeat fewer of them',
  );
}
