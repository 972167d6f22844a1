import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkJsonSchema } from './check-json-schema.ts';
import { parseJsonReply } from './parse-json-reply.ts';

describe('parseJsonReply', () => {
  it('reads any JSON value, bare or in a code fence with text around it', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('', 'Here you go:\n'), (value, before) => {
        const json = JSON.stringify(value);
        const expected = JSON.parse(json) as unknown;
        expect(parseJsonReply(json)).toEqual({ ok: true, value: expected });
        expect(parseJsonReply(`${before}\`\`\`json\n${json}\n\`\`\`\nDone.`)).toEqual({
          ok: true,
          value: expected,
        });
      }),
    );
  });

  it('says why a reply is not JSON', () => {
    expect(parseJsonReply('Sure!')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('not valid JSON'),
    });
    expect(parseJsonReply('```json\n{oops}\n```')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('the code block in the reply is not valid JSON'),
    });
  });
});

describe('checkJsonSchema', () => {
  const schema = {
    type: 'object',
    required: ['name', 'tags'],
    properties: {
      name: { type: 'string' },
      level: { enum: ['low', 'high'] },
      tags: { type: 'array', items: { type: 'integer' } },
    },
  } as const;

  it('accepts a matching value and lists every problem with its path otherwise', () => {
    expect(checkJsonSchema({ name: 'a', tags: [1, 2], extra: true }, schema)).toEqual([]);
    expect(checkJsonSchema({ name: 3, level: 'mid', tags: [1, 'x', 2.5] }, schema)).toEqual([
      'name: expected a string, got 3',
      'level: expected one of "low", "high", got "mid"',
      'tags[1]: expected an integer, got "x"',
      'tags[2]: expected an integer, got 2.5',
    ]);
    expect(checkJsonSchema([], schema)).toEqual(['expected an object, got []']);
    expect(checkJsonSchema({}, schema)).toEqual([
      "missing required property 'name'",
      "missing required property 'tags'",
    ]);
  });

  it('accepts every value against an empty schema, and values of their own type', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(checkJsonSchema(value, {})).toEqual([]);
        const type =
          value === null ? 'null' : Array.isArray(value) ? 'array' : (typeof value as 'object' | 'string');
        expect(checkJsonSchema(value, { type: type as 'object' })).toEqual([]);
      }),
    );
  });
});
