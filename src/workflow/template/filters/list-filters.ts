import { fail } from '../evaluation-failure.ts';
import { describeValue, plainEqual } from '../plain-values.ts';
import { isPlainObject } from '../read-property.ts';
import { defineFilter, type Filter, integer, list } from './filter.ts';

/**
 * The list filters: `first last length reverse sort unique slice:start:end`. `first`, `last`,
 * `length`, `reverse` and `slice` also work on text (by character); `length` also counts a map's keys.
 *
 * @example
 * listFilters.find(([name]) => name === 'unique')?.[1].apply([1, 1, 2], []); // [1, 2]
 */
export const listFilters: readonly (readonly [string, Filter])[] = [
  defineFilter('first', (value) => sequence('first', value)[0]),
  defineFilter('last', (value) => sequence('last', value).at(-1)),
  defineFilter('length', (value) =>
    isPlainObject(value) ? Object.keys(value).length : sequence('length', value).length,
  ),
  defineFilter('reverse', (value) => rebuild(value, [...sequence('reverse', value)].reverse())),
  defineFilter('sort', (value) => sortList(list('sort', value))),
  defineFilter('unique', (value) =>
    list('unique', value).filter(
      (item, index, items) => items.findIndex((other) => plainEqual(other, item)) === index,
    ),
  ),
  defineFilter(
    'slice:start:end',
    (value, [start, end]) => {
      const items = sequence('slice', value);
      const from = integer('slice (start)', start);
      const to = end === undefined || end === null ? items.length : integer('slice (end)', end);
      return rebuild(value, items.slice(from, to));
    },
    1,
  ),
];

/** A list as is, or text as its characters. */
function sequence(filter: string, value: unknown): readonly unknown[] {
  if (typeof value === 'string') return Array.from(value);
  if (Array.isArray(value)) return value;
  return fail(`${filter} needs a list or text, got ${describeValue(value)}`);
}

/** Characters back to text when the input was text. */
function rebuild(original: unknown, items: readonly unknown[]): unknown {
  return typeof original === 'string' ? items.join('') : items;
}

function sortList(items: readonly unknown[]): unknown[] {
  if (items.every((item) => typeof item === 'number')) return [...items].sort((a, b) => a - b);
  if (items.every((item) => typeof item === 'string'))
    return [...items].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return fail('sort needs a list of numbers only or of texts only');
}
