import { fail } from './evaluation-failure.ts';
import type { BinaryOperator } from './expression.ts';
import { describeValue, plainEqual } from './plain-values.ts';
import { isPlainObject } from './read-property.ts';
import { stringifyValue } from './stringify-value.ts';

/**
 * Applies an arithmetic, comparison or membership operator to two evaluated values. `+` adds numbers,
 * joins lists, and joins text (the other side stringified); `- * / %` need numbers and never give
 * Infinity or NaN (division by zero is an error); `< <= > >=` compare two numbers or two texts; `in`
 * is a substring, a list element or a map key.
 *
 * @example
 * applyOperator('+', [1], [2]);         // [1, 2]
 * applyOperator('in', 'PP', 'APPROVED'); // true
 */
export function applyOperator(
  operator: Exclude<BinaryOperator, 'and' | 'or'>,
  left: unknown,
  right: unknown,
): unknown {
  switch (operator) {
    case '+':
      return add(left, right);
    case '-':
    case '*':
    case '/':
    case '%':
      return arithmetic(operator, left, right);
    case '==':
      return plainEqual(left, right);
    case '!=':
      return !plainEqual(left, right);
    case '<':
      return compare(operator, left, right) < 0;
    case '<=':
      return compare(operator, left, right) <= 0;
    case '>':
      return compare(operator, left, right) > 0;
    case '>=':
      return compare(operator, left, right) >= 0;
    case 'in':
      return contains(right, left);
    case 'not in':
      return !contains(right, left);
  }
}

function add(left: unknown, right: unknown): unknown {
  if (typeof left === 'number' && typeof right === 'number') return finite(left + right, '+');
  if (Array.isArray(left) && Array.isArray(right)) return [...left, ...right];
  if (typeof left === 'string' || typeof right === 'string') {
    if (left === undefined || right === undefined) {
      fail(
        `cannot join ${describeValue(left)} and ${describeValue(right)} with +`,
        'give it a value with | default:',
      );
    }
    return stringifyValue(left) + stringifyValue(right);
  }
  return fail(
    `cannot add ${describeValue(left)} and ${describeValue(right)}`,
    '+ adds two numbers, joins two lists, or joins text',
  );
}

function arithmetic(operator: '-' | '*' | '/' | '%', left: unknown, right: unknown): number {
  if (typeof left !== 'number' || typeof right !== 'number') {
    return fail(
      `${operator} needs two numbers, got ${describeValue(left)} and ${describeValue(right)}`,
      'convert text to a number with | int or | float',
    );
  }
  if ((operator === '/' || operator === '%') && right === 0) {
    return fail(operator === '/' ? 'division by zero' : 'modulo by zero', 'check the divisor is not 0 first');
  }
  const result =
    operator === '-'
      ? left - right
      : operator === '*'
        ? left * right
        : operator === '/'
          ? left / right
          : left % right;
  return finite(result, operator);
}

function finite(value: number, operator: string): number {
  if (!Number.isFinite(value)) fail(`the result of ${operator} is too large to be a number`);
  return value === 0 ? 0 : value;
}

function compare(operator: string, left: unknown, right: unknown): number {
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  if (typeof left === 'string' && typeof right === 'string') return left < right ? -1 : left > right ? 1 : 0;
  return fail(
    `cannot compare ${describeValue(left)} with ${describeValue(right)} using ${operator}`,
    '< <= > >= compare two numbers or two texts; convert with | int, | float or | string',
  );
}

function contains(container: unknown, item: unknown): boolean {
  if (container === undefined || container === null) return false;
  if (typeof container === 'string') {
    if (typeof item !== 'string' && typeof item !== 'number') {
      return fail(
        `cannot look for ${describeValue(item)} in text`,
        'look for text in text: "word" in answer',
      );
    }
    return container.includes(String(item));
  }
  if (Array.isArray(container)) return container.some((element) => plainEqual(element, item));
  if (isPlainObject(container)) {
    return (typeof item === 'string' || typeof item === 'number') && Object.hasOwn(container, String(item));
  }
  return fail(`cannot look inside ${describeValue(container)} with in`, 'in looks in text, a list or a map');
}
