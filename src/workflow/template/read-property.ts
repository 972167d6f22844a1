import type { PathSegment } from './expression.ts';

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** The result of {@link readProperty}: the value (undefined when absent), or why it cannot be read. */
export type PropertyRead =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads one field or index from plain data only: own data properties of plain objects and elements of
 * arrays. Never a getter, never the prototype chain, never `__proto__`, `constructor` or `prototype`,
 * so a template cannot reach JavaScript. A missing field or an index past the end reads as undefined;
 * a negative index counts from the end.
 *
 * @example
 * readProperty({ summary: 'ok' }, 'summary'); // { ok: true, value: 'ok' }
 * readProperty('text', 'length');             // { ok: false, reason: 'it is text, which has no fields' }
 */
export function readProperty(container: unknown, segment: PathSegment): PropertyRead {
  if (Array.isArray(container)) {
    if (typeof segment !== 'number')
      return { ok: false, reason: `it is a list: use an index like [0], not '${segment}'` };
    const index = segment < 0 ? container.length + segment : segment;
    return { ok: true, value: dataProperty(container, String(index)) };
  }
  if (isPlainObject(container)) {
    const key = String(segment);
    if (FORBIDDEN.has(key)) return { ok: false, reason: `'${key}' cannot be read in a template` };
    return { ok: true, value: dataProperty(container, key) };
  }
  return { ok: false, reason: `it is ${describeKind(container)}, which has no fields` };
}

/**
 * Whether a value is a plain object (made by `{}`, JSON or YAML, or with a null prototype).
 *
 * @example
 * isPlainObject({ a: 1 }); // true
 * isPlainObject(new Date()); // false
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function dataProperty(container: object, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(container, key);
  return descriptor !== undefined && 'value' in descriptor ? descriptor.value : undefined;
}

function describeKind(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number' || typeof value === 'bigint') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return 'not plain data';
}
