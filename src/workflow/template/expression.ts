/** One step of a path: a field name (`.summary`, `['key']`) or a list index (`[0]`, `[-1]`). */
export type PathSegment = string | number;

/**
 * A name followed by fields and indexes: `task`, `analysis.summary`, `tasks[0]`, `row['key']`. The only
 * expression this first version evaluates; the full expression language replaces this module.
 */
export interface PathExpression {
  readonly kind: 'path';
  readonly root: string;
  readonly path: readonly PathSegment[];
  /** The expression's text as written between `{{` and `}}`. */
  readonly source: string;
}

/** Every expression the template module understands today. */
export type Expression = PathExpression;

/** A variable an expression reads, and the fields it reads from it. */
export interface ExpressionReference {
  readonly root: string;
  readonly path: readonly PathSegment[];
}

/**
 * The variables an expression reads, for the static check of undefined names.
 *
 * @example
 * expressionReferences(expression); // [{ root: 'analysis', path: ['summary'] }]
 */
export function expressionReferences(expression: Expression): readonly ExpressionReference[] {
  return [{ root: expression.root, path: expression.path }];
}

/**
 * Writes a path back as text, for messages: `analysis.summary`, `tasks[0]`.
 *
 * @example
 * formatPath('tasks', [0, 'title']); // 'tasks[0].title'
 */
export function formatPath(root: string, path: readonly PathSegment[]): string {
  return path.reduce<string>(
    (text, segment) =>
      typeof segment === 'number'
        ? `${text}[${segment}]`
        : /^[A-Za-z_]\w*$/.test(segment)
          ? `${text}.${segment}`
          : `${text}[${JSON.stringify(segment)}]`,
    root,
  );
}
