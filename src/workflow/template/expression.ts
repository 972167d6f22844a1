/** One step of a path: a field name (`.summary`, `['key']`) or a list index (`[0]`, `[-1]`). */
export type PathSegment = string | number;

/** Where a node is in the expression's text: offset from the start of the expression, and length. */
export interface NodePlace {
  readonly offset: number;
  readonly length: number;
}

/** `'text'`, `"text"`, `12`, `1.5`, `true`, `false`, `null`. */
export interface LiteralNode extends NodePlace {
  readonly kind: 'literal';
  readonly value: string | number | boolean | null;
}

/** `[a, b]`. */
export interface ListNode extends NodePlace {
  readonly kind: 'list';
  readonly items: readonly ExpressionNode[];
}

/** `{k: v, 'other key': w}`: keys are literal text. */
export interface MapNode extends NodePlace {
  readonly kind: 'map';
  readonly entries: readonly { readonly key: string; readonly value: ExpressionNode }[];
}

/** A variable or built-in read by name: `task`, `date`. */
export interface NameNode extends NodePlace {
  readonly kind: 'name';
  readonly name: string;
}

/** A field or an index of a value: `a.b` (key is a literal), `a[0]`, `a['k']`, `a[i]`. */
export interface MemberNode extends NodePlace {
  readonly kind: 'member';
  readonly object: ExpressionNode;
  readonly key: ExpressionNode;
}

/** `not x`, `-x`. */
export interface UnaryNode extends NodePlace {
  readonly kind: 'unary';
  readonly operator: 'not' | '-';
  readonly operand: ExpressionNode;
}

/** The binary operators, from arithmetic to logic. */
export type BinaryOperator =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'in'
  | 'not in'
  | 'and'
  | 'or';

/** `a + b`, `a == b`, `a in b`, `a and b`, … */
export interface BinaryNode extends NodePlace {
  readonly kind: 'binary';
  readonly operator: BinaryOperator;
  readonly left: ExpressionNode;
  readonly right: ExpressionNode;
}

/** `then if condition else otherwise`. */
export interface ConditionalNode extends NodePlace {
  readonly kind: 'conditional';
  readonly then: ExpressionNode;
  readonly condition: ExpressionNode;
  readonly otherwise: ExpressionNode;
}

/** `input | name:arg1:arg2`. */
export interface FilterNode extends NodePlace {
  readonly kind: 'filter';
  readonly input: ExpressionNode;
  readonly name: string;
  /** Where the filter's name is, for "unknown filter" errors. */
  readonly nameOffset: number;
  readonly args: readonly ExpressionNode[];
}

/** A node of a parsed expression. */
export type ExpressionNode =
  | LiteralNode
  | ListNode
  | MapNode
  | NameNode
  | MemberNode
  | UnaryNode
  | BinaryNode
  | ConditionalNode
  | FilterNode;

/**
 * A parsed expression: the text between `{{` and `}}` (or of an `if:`/`until:`), and its syntax tree.
 *
 * @example
 * const expression: Expression = { source: 'task', node: { kind: 'name', name: 'task', offset: 0, length: 4 } };
 */
export interface Expression {
  /** The expression's text as written, trimmed. */
  readonly source: string;
  readonly node: ExpressionNode;
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
