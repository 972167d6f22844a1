import { parse as parseYaml } from 'yaml';
import { fail } from '../evaluation-failure.ts';
import { describeValue } from '../plain-values.ts';
import { stringifyValue } from '../stringify-value.ts';
import { defineFilter, type Filter, text } from './filter.ts';

/**
 * The type filters: `json` and `yaml` parse text, `to_json` writes any value as JSON, `int` and
 * `float` read numbers (from numbers, text or booleans), `string` writes a value as text.
 *
 * @example
 * typeFilters.find(([name]) => name === 'int')?.[1].apply('42', []); // 42
 */
export const typeFilters: readonly (readonly [string, Filter])[] = [
  defineFilter('json', (value) => {
    const source = text('json', value);
    try {
      return JSON.parse(source) as unknown;
    } catch (error) {
      return fail(
        `json cannot parse the text: ${(error as Error).message}`,
        'check that the text is valid JSON',
      );
    }
  }),
  defineFilter('yaml', (value) => {
    const source = text('yaml', value);
    try {
      // Plain data only: known tags would give a Uint8Array (!!binary), a Set, a Map or a Date.
      return parseYaml(source, { resolveKnownTags: false, logLevel: 'error' }) as unknown;
    } catch (error) {
      return fail(`yaml cannot parse the text: ${(error as Error).message.split('\n')[0]}`);
    }
  }),
  defineFilter('to_json', (value) => {
    try {
      return JSON.stringify(value) ?? 'null';
    } catch {
      return fail(`to_json cannot write ${describeValue(value)} as JSON`);
    }
  }),
  defineFilter('int', (value) => Math.trunc(toNumber('int', value)) || 0),
  defineFilter('float', (value) => toNumber('float', value)),
  defineFilter('string', (value) => stringifyValue(value)),
];

function toNumber(filter: string, value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '') {
    const number = Number(value.trim());
    if (Number.isFinite(number)) return number;
  }
  return fail(
    `${filter} cannot read a number from ${describeValue(value)}${typeof value === 'string' ? ` '${value}'` : ''}`,
  );
}
