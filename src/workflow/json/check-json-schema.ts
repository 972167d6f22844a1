import type { JsonSchema } from '../document/step.ts';

/**
 * What is wrong with `value` against the schema subset of `schema:`, one line per problem with the
 * path where it is (`items[2].name: expected a string, got 3`); empty when the value matches.
 * Properties the schema does not list are allowed, as in JSON Schema.
 *
 * @example
 * checkJsonSchema({ score: '9' }, { type: 'object', properties: { score: { type: 'number' } } });
 * // ['score: expected a number, got "9"']
 */
export function checkJsonSchema(value: unknown, schema: JsonSchema, path = ''): string[] {
  const problems: string[] = [];
  const at = path === '' ? '' : `${path}: `;
  if (schema.type !== undefined && !hasType(value, schema.type)) {
    problems.push(`${at}expected ${article(schema.type)}, got ${preview(value)}`);
    return problems;
  }
  if (schema.enum !== undefined && !schema.enum.some((allowed) => sameValue(allowed, value))) {
    problems.push(`${at}expected one of ${schema.enum.map(preview).join(', ')}, got ${preview(value)}`);
  }
  if (isRecord(value)) {
    for (const name of schema.required ?? []) {
      if (!Object.hasOwn(value, name)) problems.push(`${at}missing required property '${name}'`);
    }
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (Object.hasOwn(value, name)) {
        problems.push(...checkJsonSchema(value[name], property, path === '' ? name : `${path}.${name}`));
      }
    }
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    const items = schema.items;
    value.forEach((item, index) => {
      problems.push(...checkJsonSchema(item, items, `${path}[${index}]`));
    });
  }
  return problems;
}

function hasType(value: unknown, type: NonNullable<JsonSchema['type']>): boolean {
  switch (type) {
    case 'object':
      return isRecord(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameValue(left: unknown, right: unknown): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

function article(type: string): string {
  if (type === 'null') return 'null';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
