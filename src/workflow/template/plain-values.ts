import { isPlainObject } from './read-property.ts';

/**
 * Whether a value counts as true in `if`, `and`, `or`, `not`: everything but `false`, `null`,
 * undefined, `0`, empty text, an empty list and an empty map.
 *
 * @example
 * isTruthy([]);    // false
 * isTruthy('no');  // true
 */
export function isTruthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Number.isNaN(value)) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return true;
}

/**
 * Equality of plain data: lists element by element, maps key by key, anything else by identity (no
 * conversion: `1 == '1'` is false).
 *
 * @example
 * plainEqual({ a: [1] }, { a: [1] }); // true
 */
export function plainEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, index) => plainEqual(item, right[index]));
  }
  if (isPlainObject(left) && isPlainObject(right)) {
    const keys = Object.keys(left);
    return (
      keys.length === Object.keys(right).length &&
      keys.every((key) => Object.hasOwn(right, key) && plainEqual(left[key], right[key]))
    );
  }
  return Number.isNaN(left) && Number.isNaN(right);
}

/**
 * What kind of value this is, for messages: `text`, `a number`, `a list`, …
 *
 * @example
 * describeValue([1]); // 'a list'
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  if (Array.isArray(value)) return 'a list';
  if (isPlainObject(value)) return 'a map';
  return 'not plain data';
}
