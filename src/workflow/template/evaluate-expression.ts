import { didYouMean } from '../../diagnostics/closest-name.ts';
import { applyOperator } from './evaluate-operator.ts';
import { EvaluationFailure, fail } from './evaluation-failure.ts';
import type { Expression, ExpressionNode, FilterNode, MemberNode } from './expression.ts';
import { formatPath } from './expression.ts';
import { literalPath } from './expression-references.ts';
import { FILTERS } from './filters/filter-table.ts';
import { describeValue, isTruthy } from './plain-values.ts';
import { readBuiltin } from './read-builtin.ts';
import { readProperty } from './read-property.ts';
import type { TemplateErrorCode } from './template-error.ts';
import type { TemplateScope } from './template-scope.ts';

export type { TemplateScope } from './template-scope.ts';

/** The result of {@link evaluateExpression}: a value, or why there is none. */
export type Evaluation =
  | { readonly ok: true; readonly value: unknown }
  | {
      readonly ok: false;
      readonly code: TemplateErrorCode;
      readonly message: string;
      readonly hint?: string;
    };

/**
 * Evaluates an expression against the variables in scope, over plain data only. An undefined name is
 * an error that suggests the closest defined name; a missing field reads as undefined; a wrong kind of
 * value, a division by zero or an unknown filter is an error.
 *
 * @example
 * evaluateExpression(expression, new Map([['analysis', { summary: 'ok' }]])); // { ok: true, value: 'ok' }
 */
export function evaluateExpression(expression: Expression, scope: TemplateScope): Evaluation {
  try {
    return { ok: true, value: evaluateNode(expression.node, scope) };
  } catch (error) {
    if (!(error instanceof EvaluationFailure)) throw error;
    return {
      ok: false,
      code: error.code,
      message: error.message,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
    };
  }
}

/**
 * Evaluates one node of an expression; throws an {@link EvaluationFailure}.
 *
 * @example
 * evaluateNode(expression.node, scope);
 */
export function evaluateNode(node: ExpressionNode, scope: TemplateScope): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'list':
      return node.items.map((item) => evaluateNode(item, scope));
    case 'map':
      return Object.fromEntries(node.entries.map((entry) => [entry.key, evaluateNode(entry.value, scope)]));
    case 'name':
      return readName(node.name, scope);
    case 'member':
      return readMember(node, scope);
    case 'unary': {
      const operand = evaluateNode(node.operand, scope);
      if (node.operator === 'not') return !isTruthy(operand);
      if (typeof operand !== 'number') fail(`cannot negate ${describeValue(operand)}: - needs a number`);
      return operand === 0 ? 0 : -operand;
    }
    case 'binary':
      if (node.operator === 'and')
        return isTruthy(evaluateNode(node.left, scope)) && isTruthy(evaluateNode(node.right, scope));
      if (node.operator === 'or')
        return isTruthy(evaluateNode(node.left, scope)) || isTruthy(evaluateNode(node.right, scope));
      return applyOperator(node.operator, evaluateNode(node.left, scope), evaluateNode(node.right, scope));
    case 'conditional':
      return isTruthy(evaluateNode(node.condition, scope))
        ? evaluateNode(node.then, scope)
        : evaluateNode(node.otherwise, scope);
    case 'filter':
      return applyFilter(node, scope);
  }
}

function readName(name: string, scope: TemplateScope): unknown {
  if (scope.has(name)) return scope.get(name);
  const builtin = readBuiltin(name, scope.sources);
  if (builtin !== undefined) return builtin.value;
  const hint = didYouMean(name, [...scope.keys()], 'defined here');
  throw new EvaluationFailure('undefined_variable', `undefined variable '${name}'`, hint);
}

function readMember(node: MemberNode, scope: TemplateScope): unknown {
  const container = evaluateNode(node.object, scope);
  const key = evaluateNode(node.key, scope);
  if (typeof key !== 'string' && !(typeof key === 'number' && Number.isInteger(key))) {
    return fail(`an index must be a whole number or text, got ${describeValue(key)}`);
  }
  const read = readProperty(container, key);
  if (read.ok) return read.value;
  const path = literalPath(node);
  const written = path === undefined ? String(key) : formatPath(path.root, path.path);
  const parent = literalPath(node.object);
  throw new EvaluationFailure(
    'invalid_path',
    `cannot read '${written}': ${read.reason}`,
    parent === undefined ? undefined : `check what '${formatPath(parent.root, parent.path)}' holds`,
  );
}

function applyFilter(node: FilterNode, scope: TemplateScope): unknown {
  const filter = FILTERS.get(node.name);
  if (filter === undefined) {
    throw new EvaluationFailure(
      'unknown_filter',
      `unknown filter '${node.name}'`,
      didYouMean(node.name, FILTERS.keys(), 'filters'),
    );
  }
  if (node.args.length < filter.minArgs || node.args.length > filter.maxArgs) {
    fail(
      `the filter ${node.name} takes ${argumentCount(filter.minArgs, filter.maxArgs)}, got ${node.args.length}`,
      `write it as | ${filter.usage}`,
    );
  }
  const input = node.name === 'default' ? readOptional(node.input, scope) : evaluateNode(node.input, scope);
  return filter.apply(
    input,
    node.args.map((arg) => evaluateNode(arg, scope)),
  );
}

/** The value, or undefined when it reads an undefined variable (for `default`). */
function readOptional(node: ExpressionNode, scope: TemplateScope): unknown {
  try {
    return evaluateNode(node, scope);
  } catch (error) {
    if (error instanceof EvaluationFailure && error.code === 'undefined_variable') return undefined;
    throw error;
  }
}

function argumentCount(min: number, max: number): string {
  if (max === 0) return 'no argument';
  const most = `${max} argument${max === 1 ? '' : 's'}`;
  return min === max ? most : `${min} to ${most}`;
}
