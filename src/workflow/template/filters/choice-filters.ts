import { isTruthy } from '../plain-values.ts';
import { defineFilter, type Filter } from './filter.ts';

/**
 * The choice filters. `default:value` gives `value` when the input is null or undefined — including an
 * undefined variable, which the evaluator allows under `default`. `if:cond:then:else` gives `then` when
 * `cond` is true, else `else` (or the input itself when `else` is left out).
 *
 * @example
 * choiceFilters[0]?.[1].apply(null, ['none']); // 'none'
 */
export const choiceFilters: readonly (readonly [string, Filter])[] = [
  defineFilter('default:value', (value, [fallback]) =>
    value === undefined || value === null ? fallback : value,
  ),
  defineFilter(
    'if:cond:then:else',
    (value, args) => (isTruthy(args[0]) ? args[1] : args.length > 2 ? args[2] : value),
    1,
  ),
];
