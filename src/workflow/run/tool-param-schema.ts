import { z } from 'zod';
import type { ToolParamDefinition } from '../document/custom-tool-definition.ts';

/**
 * The zod schema of a custom tool's input: one field per param, typed, with its `enum`, `default` and
 * `description`; a param is optional unless `required: true` (a default fills it in when absent).
 *
 * @example
 * toolParamSchema([{ name: 'channel', type: 'string', required: true, span }]).parse({ channel: 'ops' });
 */
export function toolParamSchema(params: readonly ToolParamDefinition[]): z.ZodObject {
  return z.strictObject(Object.fromEntries(params.map((param) => [param.name, paramSchema(param)])));
}

function paramSchema(param: ToolParamDefinition): z.ZodType {
  let schema = withEnum(typeSchema(param.type), param.enum);
  if (param.description !== undefined) schema = schema.describe(param.description);
  if (param.default !== undefined) return schema.default(param.default.value as never);
  return param.required ? schema : schema.optional();
}

function typeSchema(type: ToolParamDefinition['type']): z.ZodType {
  switch (type) {
    case 'string':
      return z.string();
    case 'number':
      return z.number();
    case 'integer':
      return z.int();
    case 'boolean':
      return z.boolean();
    case 'array':
      return z.array(z.unknown());
    case 'object':
      return z.record(z.string(), z.unknown());
  }
}

type Primitive = string | number | boolean | null;

function withEnum(schema: z.ZodType, values: readonly unknown[] | undefined): z.ZodType {
  if (values === undefined || values.length === 0) return schema;
  const primitives = values.filter(
    (value): value is Primitive => value === null || ['string', 'number', 'boolean'].includes(typeof value),
  );
  if (primitives.length === values.length) {
    // A literal of several values gives the model an `enum` in the JSON Schema; the type check comes with it.
    return z.literal(primitives);
  }
  const shown = JSON.stringify(values);
  return schema.refine(
    (value) => values.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value)),
    {
      message: `must be one of ${shown}`,
    },
  );
}
