import { fail } from '../evaluation-failure.ts';
import { describeValue } from '../plain-values.ts';

/** A filter of `value | name:arg1:arg2`: how many arguments it takes and what it does. */
export interface Filter {
  /** How it is written, for messages: `truncate:n`. */
  readonly usage: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  apply(value: unknown, args: readonly unknown[]): unknown;
}

/**
 * Defines a filter; `usage` is how it is written (`replace:a:b`), and its argument count is read from it
 * unless given.
 *
 * @example
 * const upper = defineFilter('upper', (value) => text('upper', value).toUpperCase());
 */
export function defineFilter(
  usage: string,
  apply: Filter['apply'],
  optionalArgs = 0,
): readonly [string, Filter] {
  const [name = usage, ...args] = usage.split(':');
  return [name, { usage, minArgs: args.length - optionalArgs, maxArgs: args.length, apply }];
}

/**
 * The value as text, or an error naming the filter.
 *
 * @example
 * text('upper', 'abc'); // 'abc'
 */
export function text(filter: string, value: unknown): string {
  if (typeof value === 'string') return value;
  return fail(`${filter} needs text, got ${describeValue(value)}`, 'convert it first with | string');
}

/**
 * The value as a list, or an error naming the filter.
 *
 * @example
 * list('sort', [2, 1]); // [2, 1]
 */
export function list(filter: string, value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  return fail(`${filter} needs a list, got ${describeValue(value)}`);
}

/**
 * An argument that must be an integer, or an error naming the filter.
 *
 * @example
 * integer('truncate', 10); // 10
 */
export function integer(filter: string, value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  return fail(`${filter} needs a whole number, got ${describeValue(value)}`);
}
