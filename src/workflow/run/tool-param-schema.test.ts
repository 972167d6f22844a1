import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ToolParamDefinition } from '../document/custom-tool-definition.ts';
import { toolParamSchema } from './tool-param-schema.ts';

const span = { file: 'team.vega.yaml', line: 1, column: 1, length: 1 };
const param = (fields: Partial<ToolParamDefinition> & Pick<ToolParamDefinition, 'name' | 'type'>) => ({
  required: false,
  span,
  ...fields,
});

describe('toolParamSchema', () => {
  const schema = toolParamSchema([
    param({
      name: 'channel',
      type: 'string',
      required: true,
      description: 'Channel name',
      enum: ['ops', 'dev'],
    }),
    param({ name: 'count', type: 'integer', default: { value: 5 } }),
    param({ name: 'ratio', type: 'number' }),
    param({ name: 'loud', type: 'boolean' }),
    param({ name: 'tags', type: 'array' }),
    param({ name: 'meta', type: 'object', enum: [{ a: 1 }] }),
  ]);

  it('gives the model a JSON Schema with types, enums, defaults, descriptions and required params', () => {
    expect(z.toJSONSchema(schema, { io: 'input', target: 'draft-7' })).toMatchObject({
      type: 'object',
      required: ['channel'],
      additionalProperties: false,
      properties: {
        channel: { enum: ['ops', 'dev'], description: 'Channel name' },
        count: { type: 'integer', default: 5 },
        ratio: { type: 'number' },
        loud: { type: 'boolean' },
        tags: { type: 'array' },
        meta: { type: 'object' },
      },
    });
  });

  it('checks calls: types, enums, required params, unknown params; fills in defaults', () => {
    expect(schema.parse({ channel: 'ops' })).toEqual({ channel: 'ops', count: 5 });
    expect(schema.safeParse({ channel: 'sales' }).success).toBe(false);
    expect(schema.safeParse({}).success).toBe(false);
    expect(schema.safeParse({ channel: 'ops', count: 1.5 }).success).toBe(false);
    expect(schema.safeParse({ channel: 'ops', extra: 1 }).success).toBe(false);
    expect(schema.safeParse({ channel: 'ops', meta: { a: 1 } }).success).toBe(true);
    expect(schema.safeParse({ channel: 'ops', meta: { a: 2 } }).success).toBe(false);
  });
});
