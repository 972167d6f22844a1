import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluation, valueOfExpression } from './expression-test-helpers.ts';

const integer = fc.integer({ min: -1_000_000, max: 1_000_000 });

describe('expression laws', () => {
  it('+ and * commute on integers, and a - b + b == a', () => {
    fc.assert(
      fc.property(integer, integer, (a, b) => {
        expect(valueOfExpression('a + b == b + a and a * b == b * a and a - b + b == a', { a, b })).toBe(
          true,
        );
        expect(valueOfExpression('a + b', { a, b })).toBe(a + b);
      }),
    );
  });

  it('% and / agree: (a - a % b) / b is a whole number, and division by zero is an error', () => {
    fc.assert(
      fc.property(integer, integer, (a, b) => {
        const result = evaluation('(a - a % b) / b', { a, b });
        if (b === 0) expect(result).toMatchObject({ ok: false, code: 'invalid_operation' });
        else expect(result.ok && Number.isInteger(result.value)).toBe(true);
      }),
    );
  });

  it('comparisons agree with each other on numbers and on texts', () => {
    const consistent = (a: unknown, b: unknown): void => {
      const [lt, le, gt, ge, eq, ne] = valueOfExpression('[a < b, a <= b, a > b, a >= b, a == b, a != b]', {
        a,
        b,
      }) as boolean[];
      expect(le).toBe(lt || eq);
      expect(ge).toBe(gt || eq);
      expect(ne).toBe(!eq);
      expect([lt, gt, eq].filter(Boolean)).toHaveLength(1);
      expect(valueOfExpression('b > a', { a, b })).toBe(lt);
    };
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        consistent,
      ),
    );
    fc.assert(fc.property(fc.string(), fc.string(), consistent));
  });

  it('to_json | json gives back any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (x) => {
        expect(valueOfExpression('x | to_json | json', { x })).toEqual(JSON.parse(JSON.stringify(x)));
      }),
    );
  });

  it('reverse twice is the identity on lists and texts', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(fc.jsonValue()), fc.string({ unit: 'grapheme-composite' })), (x) => {
        expect(valueOfExpression('x | reverse | reverse', { x })).toEqual(x);
        expect(valueOfExpression('x | reverse | reverse == x', { x })).toBe(true);
      }),
    );
  });

  it('split:sep then join:sep gives back the text', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (text, sep) => {
        expect(valueOfExpression('text | split:sep | join:sep', { text, sep })).toBe(text);
      }),
    );
  });

  it('sort is ordered and idempotent, unique leaves no duplicates', () => {
    fc.assert(
      fc.property(fc.array(integer), (x) => {
        const sorted = valueOfExpression('x | sort', { x }) as number[];
        expect(sorted).toEqual([...x].sort((a, b) => a - b));
        expect(valueOfExpression('x | sort | sort == x | sort', { x })).toBe(true);
        expect(valueOfExpression('x | unique | length', { x })).toBe(new Set(x).size);
      }),
    );
  });

  it('never reaches a function or Object.prototype through any path of names', () => {
    const names = fc.constantFrom(
      'constructor',
      '__proto__',
      'prototype',
      'toString',
      'valueOf',
      'hasOwnProperty',
      'call',
      'apply',
      'bind',
      'length',
      'a',
    );
    fc.assert(
      fc.property(fc.array(names, { minLength: 1, maxLength: 4 }), fc.boolean(), (path, quoted) => {
        const source = `x${path.map((name) => (quoted ? `['${name}']` : `.${name}`)).join('')}`;
        const result = evaluation(source, { x: { a: { a: [1] } } });
        if (result.ok) {
          expect(typeof result.value).not.toBe('function');
          expect(result.value).not.toBe(Object.prototype);
          expect(result.value).not.toBe(Array.prototype);
        }
      }),
    );
  });
});
