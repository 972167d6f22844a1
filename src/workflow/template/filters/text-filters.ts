import { fail } from '../evaluation-failure.ts';
import { describeValue } from '../plain-values.ts';
import { stringifyValue } from '../stringify-value.ts';
import { defineFilter, type Filter, integer, list, text } from './filter.ts';

/**
 * The text filters: `upper lower trim truncate:n replace:a:b split:sep join:sep lines words chars`.
 * Lengths count characters (code points), not UTF-16 units.
 *
 * @example
 * textFilters.find(([name]) => name === 'upper')?.[1].apply('abc', []); // 'ABC'
 */
export const textFilters: readonly (readonly [string, Filter])[] = [
  defineFilter('upper', (value) => text('upper', value).toUpperCase()),
  defineFilter('lower', (value) => text('lower', value).toLowerCase()),
  defineFilter('trim', (value) => text('trim', value).trim()),
  defineFilter('truncate:n', (value, [n]) => {
    const count = integer('truncate', n);
    if (count < 0) fail('truncate needs a number of characters of 0 or more');
    return Array.from(text('truncate', value)).slice(0, count).join('');
  }),
  defineFilter('replace:a:b', (value, [from, to]) =>
    text('replace', value).replaceAll(text('replace (what to replace)', from), stringifyValue(to)),
  ),
  defineFilter('split:sep', (value, [separator]) => {
    const source = text('split', value);
    const by = text('split (the separator)', separator);
    return by === '' ? Array.from(source) : source.split(by);
  }),
  defineFilter(
    'join:sep',
    (value, [separator]) => {
      const by = separator === undefined ? '' : text('join (the separator)', separator);
      return list('join', value).map(stringifyValue).join(by);
    },
    1,
  ),
  defineFilter('lines', (value) => {
    const source = text('lines', value);
    if (source === '') return [];
    const lines = source.split(/\r?\n/);
    if (lines.at(-1) === '') lines.pop();
    return lines;
  }),
  defineFilter('words', (value) =>
    text('words', value)
      .split(/\s+/)
      .filter((word) => word !== ''),
  ),
  defineFilter('chars', (value) => {
    if (typeof value !== 'string') fail(`chars needs text, got ${describeValue(value)}`);
    return Array.from(value);
  }),
];
