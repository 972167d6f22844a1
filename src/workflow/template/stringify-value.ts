/**
 * How a value reads inside a larger string: text as is, `null` and undefined as empty, lists and maps
 * as JSON, anything else through `String`.
 *
 * @example
 * stringifyValue(['a', 'b']); // '["a","b"]'
 * stringifyValue(null);       // ''
 */
export function stringifyValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value) ?? '';
    } catch {
      return String(value);
    }
  }
  return String(value);
}
