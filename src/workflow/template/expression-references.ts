import type { ExpressionNode, PathSegment } from './expression.ts';

/** A variable an expression reads, and the fields it reads from it (as far as they are literal). */
export interface ExpressionReference {
  readonly root: string;
  readonly path: readonly PathSegment[];
  /** Read under a `default` filter: an undefined name there is not an error. */
  readonly optional?: boolean;
}

/**
 * Every variable an expression reads, for the static check of undefined names. Filter names and the
 * keys of map literals are not variables; a path stops at its first computed index (`a[i].b` reads
 * `a` and `i`).
 *
 * @example
 * expressionReferences(parseExpressionText('analysis.summary | default:x').expression.node);
 * // [{ root: 'analysis', path: ['summary'], optional: true }, { root: 'x', path: [] }]
 */
export function expressionReferences(node: ExpressionNode): readonly ExpressionReference[] {
  const references: ExpressionReference[] = [];
  collect(node, false, references);
  return references;
}

function collect(node: ExpressionNode, optional: boolean, into: ExpressionReference[]): void {
  switch (node.kind) {
    case 'literal':
      return;
    case 'list':
      for (const item of node.items) collect(item, optional, into);
      return;
    case 'map':
      for (const entry of node.entries) collect(entry.value, optional, into);
      return;
    case 'name':
    case 'member': {
      const path = literalPath(node);
      if (path !== undefined) {
        into.push({ root: path.root, path: path.path, ...(optional ? { optional } : {}) });
        return;
      }
      if (node.kind === 'member') {
        collect(node.object, optional, into);
        collect(node.key, optional, into);
      }
      return;
    }
    case 'unary':
      collect(node.operand, optional, into);
      return;
    case 'binary':
      collect(node.left, optional, into);
      collect(node.right, optional, into);
      return;
    case 'conditional':
      collect(node.then, optional, into);
      collect(node.condition, optional, into);
      collect(node.otherwise, optional, into);
      return;
    case 'filter':
      collect(node.input, optional || node.name === 'default', into);
      for (const arg of node.args) collect(arg, optional, into);
      return;
  }
}

/**
 * A name followed only by literal fields and indexes, as a root and a path; undefined otherwise.
 *
 * @example
 * literalPath(parseExpressionText('tasks[0].title').expression.node); // { root: 'tasks', path: [0, 'title'] }
 */
export function literalPath(
  node: ExpressionNode,
): { readonly root: string; readonly path: readonly PathSegment[] } | undefined {
  if (node.kind === 'name') return { root: node.name, path: [] };
  if (node.kind !== 'member') return undefined;
  if (node.key.kind !== 'literal') return undefined;
  const key = node.key.value;
  if (typeof key !== 'string' && typeof key !== 'number') return undefined;
  const parent = literalPath(node.object);
  return parent === undefined ? undefined : { root: parent.root, path: [...parent.path, key] };
}
