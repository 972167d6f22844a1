import { isScalar, isSeq, type ParsedNode } from 'yaml';
import { closestName } from '../../diagnostics/closest-name.ts';
import type { JsonSchema } from '../document/step.ts';
import { describeNode } from '../load/describe-node.ts';
import type { LoadContext } from '../load/load-context.ts';
import { readMapEntries } from '../load/map-entries.ts';
import { readPlainValue } from '../load/read-plain-value.ts';
import { resolveNode } from '../load/resolve-node.ts';

const SCHEMA_KEYS = ['type', 'properties', 'required', 'items', 'enum', 'description'];
const SCHEMA_TYPES = ['object', 'array', 'string', 'number', 'integer', 'boolean', 'null'] as const;

/**
 * Reads `schema:` of an agent step: the JSON Schema subset `type`, `properties`, `required`, `items`,
 * `enum` and `description`, nested. Every key outside it, every unknown type and every `required` name
 * that is not a property is reported at its place; gives `undefined` when anything is wrong.
 *
 * @example
 * const schema = readJsonSchema(load, entry.value, '`schema`');
 */
export function readJsonSchema(
  context: LoadContext,
  raw: ParsedNode | null,
  label: string,
): JsonSchema | undefined {
  const before = context.diagnostics.length;
  const schema = readNode(context, raw, label);
  return context.diagnostics.length === before ? schema : undefined;
}

function readNode(context: LoadContext, raw: ParsedNode | null, label: string): JsonSchema {
  const entries = readMapEntries(context, raw, label);
  if (entries === undefined) return {};
  const schema: { -readonly [K in keyof JsonSchema]: JsonSchema[K] } = {};
  for (const entry of entries) {
    switch (entry.key) {
      case 'type': {
        const node = resolveNode(context, entry.value);
        const value = isScalar(node) ? node.value : undefined;
        const type = SCHEMA_TYPES.find((name) => name === value);
        if (type === undefined) {
          const closest = typeof value === 'string' ? closestName(value, SCHEMA_TYPES) : undefined;
          context.report(
            'error',
            'invalid_value',
            `\`type\` in ${label} must be one of ${SCHEMA_TYPES.join(', ')}, got ${describeNode(node)}`,
            entry.valueSpan,
            closest === undefined ? undefined : `did you mean '${closest}'?`,
          );
        } else {
          schema.type = type;
        }
        break;
      }
      case 'properties': {
        const properties: Record<string, JsonSchema> = {};
        for (const property of readMapEntries(context, entry.value, `\`properties\` in ${label}`) ?? []) {
          properties[property.key] = readNode(context, property.value, `property '${property.key}'`);
        }
        schema.properties = properties;
        break;
      }
      case 'items':
        schema.items = readNode(context, entry.value, `\`items\` in ${label}`);
        break;
      case 'required':
      case 'enum': {
        const node = resolveNode(context, entry.value);
        if (!isSeq(node)) {
          context.report(
            'error',
            'invalid_type',
            `\`${entry.key}\` in ${label} must be a list, got ${describeNode(node)}`,
            entry.valueSpan,
          );
          break;
        }
        const values = readPlainValue(context, node) as unknown[];
        if (entry.key === 'enum') schema.enum = values;
        else schema.required = values.map(String);
        break;
      }
      case 'description': {
        const node = resolveNode(context, entry.value);
        if (isScalar(node)) schema.description = String(node.value);
        break;
      }
      default: {
        const closest = closestName(entry.key, SCHEMA_KEYS);
        context.report(
          'error',
          'unknown_key',
          `unknown key '${entry.key}' in ${label}`,
          entry.keySpan,
          closest === undefined
            ? `a schema may use: ${SCHEMA_KEYS.join(', ')}`
            : `did you mean '${closest}'?`,
        );
      }
    }
  }
  const requiredEntry = entries.find((entry) => entry.key === 'required');
  if (schema.required !== undefined && schema.properties !== undefined && requiredEntry !== undefined) {
    const names = Object.keys(schema.properties);
    for (const name of schema.required) {
      if (names.includes(name)) continue;
      const closest = closestName(name, names);
      context.report(
        'error',
        'unknown_property',
        `'${name}' is required in ${label} but is not one of its properties`,
        requiredEntry.valueSpan,
        closest === undefined ? `properties: ${names.join(', ')}` : `did you mean '${closest}'?`,
      );
    }
  }
  return schema;
}
