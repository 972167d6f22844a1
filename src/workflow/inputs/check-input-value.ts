import type { InputDefinition, InputType } from '../document/workflow-definition.ts';
import { isPlainObject } from '../template/read-property.ts';

/** The input types, in the order messages list them. */
export const INPUT_TYPES: readonly InputType[] = [
  'string',
  'number',
  'integer',
  'boolean',
  'array',
  'object',
];

/** What {@link checkInputValue} needs to know about an input. */
export type InputConstraints = Pick<InputDefinition, 'type' | 'enum' | 'min' | 'max'>;

/** A value that fits its input (possibly coerced), or why it does not. */
export type InputCheck =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: string };

/**
 * Checks a value against an input's type, `enum`, `min` and `max`. With `coerce` (values from the
 * command line), text is converted when the type asks for a number, an integer, a boolean (`true`,
 * `false`), a list or a map (JSON).
 *
 * @example
 * checkInputValue('1500', { type: 'number', min: 100 }, { coerce: true }); // { ok: true, value: 1500 }
 */
export function checkInputValue(
  value: unknown,
  input: InputConstraints,
  options: { coerce: boolean },
): InputCheck {
  const typed = options.coerce && typeof value === 'string' ? coerce(value, input.type) : value;
  if (!hasType(typed, input.type))
    return { ok: false, reason: `must be ${article(input.type)}, got ${show(value)}` };
  if (input.enum !== undefined && !input.enum.some((allowed) => sameValue(allowed, typed))) {
    return { ok: false, reason: `must be one of ${input.enum.map(show).join(', ')}, got ${show(value)}` };
  }
  if (typeof typed === 'number' && input.min !== undefined && typed < input.min) {
    return { ok: false, reason: `must be at least ${input.min}, got ${typed}` };
  }
  if (typeof typed === 'number' && input.max !== undefined && typed > input.max) {
    return { ok: false, reason: `must be at most ${input.max}, got ${typed}` };
  }
  return { ok: true, value: typed };
}

function coerce(text: string, type: InputType): unknown {
  const trimmed = text.trim();
  switch (type) {
    case 'number':
    case 'integer':
      return trimmed === '' ? text : Number(trimmed);
    case 'boolean':
      return trimmed === 'true' ? true : trimmed === 'false' ? false : text;
    case 'array':
    case 'object':
      try {
        return JSON.parse(trimmed) as unknown;
      } catch {
        return text;
      }
    case 'string':
      return text;
  }
}

function hasType(value: unknown, type: InputType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isPlainObject(value);
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return (
    a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b))
  );
}

function article(type: InputType): string {
  return {
    string: 'text',
    number: 'a number',
    integer: 'an integer',
    boolean: 'true or false',
    array: 'a list',
    object: 'a map',
  }[type];
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'nothing';
  return JSON.stringify(value) ?? String(value);
}
