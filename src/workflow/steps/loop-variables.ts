/**
 * The `loop` variable of one iteration: `index` (0-based), `count` (1-based), `first`, `last` and
 * `length` (`null` for `repeat`, whose length is not known in advance, as is `last`).
 *
 * @example
 * loopVariables(0, 3); // { index: 0, count: 1, first: true, last: false, length: 3 }
 */
export function loopVariables(index: number, length: number | null): Record<string, unknown> {
  return {
    index,
    count: index + 1,
    first: index === 0,
    last: length === null ? null : index === length - 1,
    length,
  };
}
