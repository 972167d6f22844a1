import { choiceFilters } from './choice-filters.ts';
import type { Filter } from './filter.ts';
import { listFilters } from './list-filters.ts';
import { textFilters } from './text-filters.ts';
import { typeFilters } from './type-filters.ts';

/**
 * Every filter of the expression language, by name. A `Map`, so no name (`toString`, `constructor`)
 * can reach a JavaScript property.
 *
 * @example
 * FILTERS.get('upper')?.apply('a', []); // 'A'
 */
export const FILTERS: ReadonlyMap<string, Filter> = new Map([
  ...textFilters,
  ...listFilters,
  ...choiceFilters,
  ...typeFilters,
]);
