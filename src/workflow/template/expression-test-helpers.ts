import { type Evaluation, evaluateExpression } from './evaluate-expression.ts';
import type { ExpressionNode } from './expression.ts';
import { parseExpression } from './parse-expression.ts';
import type { TemplateScope, TemplateSources } from './template-scope.ts';

/**
 * Parses an expression for a test, failing loudly on a syntax error.
 *
 * @example
 * parsed('a + 1'); // { kind: 'binary', … }
 */
export function parsed(source: string): ExpressionNode {
  const result = parseExpression(source, { bracedGroups: true });
  if (!result.ok) throw new Error(`${source}: ${result.problem.message}`);
  return result.expression.node;
}

/**
 * Evaluates an expression for a test against plain variables.
 *
 * @example
 * evaluation('a + 1', { a: 1 }); // { ok: true, value: 2 }
 */
export function evaluation(
  source: string,
  variables: Record<string, unknown> = {},
  sources?: TemplateSources,
): Evaluation {
  const scope: TemplateScope = Object.assign(
    new Map(Object.entries(variables)),
    sources === undefined ? {} : { sources },
  );
  return evaluateExpression({ source, node: parsed(source) }, scope);
}

/**
 * The value of an expression for a test, failing loudly on an evaluation error.
 *
 * @example
 * valueOfExpression('a + 1', { a: 1 }); // 2
 */
export function valueOfExpression(source: string, variables: Record<string, unknown> = {}): unknown {
  const result = evaluation(source, variables);
  if (!result.ok) throw new Error(`${source}: ${result.message}`);
  return result.value;
}

/**
 * Writes an expression back fully parenthesized, to check precedence.
 *
 * @example
 * shape(parsed('a + b * c')); // '(a + (b * c))'
 */
export function shape(node: ExpressionNode): string {
  switch (node.kind) {
    case 'literal':
      return JSON.stringify(node.value);
    case 'list':
      return `[${node.items.map(shape).join(', ')}]`;
    case 'map':
      return `{${node.entries.map((entry) => `${entry.key}: ${shape(entry.value)}`).join(', ')}}`;
    case 'name':
      return node.name;
    case 'member':
      return `${shape(node.object)}[${shape(node.key)}]`;
    case 'unary':
      return `(${node.operator === 'not' ? 'not ' : '-'}${shape(node.operand)})`;
    case 'binary':
      return `(${shape(node.left)} ${node.operator} ${shape(node.right)})`;
    case 'conditional':
      return `(${shape(node.then)} if ${shape(node.condition)} else ${shape(node.otherwise)})`;
    case 'filter':
      return `(${shape(node.input)} | ${[node.name, ...node.args.map(shape)].join(':')})`;
  }
}
