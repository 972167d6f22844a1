import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grammarExpression } from '../../../test/fuzz/expression-arbitrary.ts';
import { evaluation, valueOfExpression } from './expression-test-helpers.ts';
import { parseExpression } from './parse-expression.ts';

const small = fc.integer({ min: -10_000, max: 10_000 });
const text = fc.string({ maxLength: 20 });

describe('expression laws: arithmetic', () => {
  it('+ is associative on integers, texts and lists, and * distributes over +', () => {
    fc.assert(
      fc.property(small, small, small, (a, b, c) => {
        expect(valueOfExpression('(a + b) + c == a + (b + c)', { a, b, c })).toBe(true);
        expect(valueOfExpression('a * (b + c) == a * b + a * c', { a, b, c })).toBe(true);
      }),
    );
    fc.assert(
      fc.property(text, text, text, (a, b, c) => {
        expect(valueOfExpression('(a + b) + c', { a, b, c })).toBe(a + b + c);
        expect(valueOfExpression('(a + b) | length == (a | length) + (b | length)', { a, b })).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.array(small), fc.array(small), (a, b) => {
        expect(valueOfExpression('a + b', { a, b })).toEqual([...a, ...b]);
        expect(valueOfExpression('(a + b) | length', { a, b })).toBe(a.length + b.length);
      }),
    );
  });

  it('identities: a + 0, a * 1, a - a, -(-a), and a % b has the sign and size JavaScript gives', () => {
    fc.assert(
      fc.property(small, small, (a, b) => {
        expect(valueOfExpression('[a + 0, a * 1, a - a, -(-a)]', { a })).toEqual([a, a, 0, a]);
        // == on numbers: the language does not tell -0 from 0.
        if (b !== 0) expect(valueOfExpression('a % b', { a, b }) === a % b).toBe(true);
      }),
    );
  });
});

describe('expression laws: comparison and logic', () => {
  it('< is transitive, and not (a == b) is a != b', () => {
    fc.assert(
      fc.property(small, small, small, (a, b, c) => {
        if (valueOfExpression('a < b and b < c', { a, b, c }) === true)
          expect(valueOfExpression('a < c', { a, c })).toBe(true);
        expect(valueOfExpression('(not (a == b)) == (a != b)', { a, b })).toBe(true);
      }),
    );
  });

  it('not in is the complement of in, for list elements, substrings and map keys', () => {
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 5 }), text, (needle, list, haystack) => {
        const map = Object.fromEntries(list.map((key) => [key, 1]));
        for (const container of [list, haystack, map]) {
          const inside = valueOfExpression('x in c', { x: needle, c: container });
          expect(valueOfExpression('x not in c', { x: needle, c: container })).toBe(!inside);
        }
        expect(valueOfExpression('x in c', { x: needle, c: list })).toBe(list.includes(needle));
        expect(valueOfExpression('x in c', { x: needle, c: haystack })).toBe(haystack.includes(needle));
      }),
    );
  });

  it("De Morgan's laws hold on booleans, and a if c else b picks by c", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), small, small, (p, q, a, b) => {
        expect(valueOfExpression('(not (p and q)) == (not p or not q)', { p, q })).toBe(true);
        expect(valueOfExpression('(not (p or q)) == (not p and not q)', { p, q })).toBe(true);
        expect(valueOfExpression('a if p else b', { p, a, b })).toBe(p ? a : b);
      }),
    );
  });
});

describe('expression laws: JSON round trips', () => {
  it('to_json | json gives back maps and lists of any JSON, and to_json is what JSON.stringify writes', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), (x) => {
        const normal = JSON.parse(JSON.stringify(x));
        expect(valueOfExpression('x | to_json | json', { x: normal })).toEqual(normal);
        expect(valueOfExpression('x | to_json', { x: normal })).toBe(JSON.stringify(normal));
      }),
    );
  });
});

describe('expression safety: random expressions from the grammar never reach JavaScript', () => {
  const scope = {
    task: 'build',
    items: [1, 'two', { three: 3 }],
    item: { name: 'x' },
    code: 'print(1)',
    review: 'APPROVED',
    loop: { index: 0, count: 1 },
    input: 'in',
    inputs: { task: 'build' },
    steps: { draft: { output: 'text' } },
    error: { message: 'boom', type: 'Error', step: '0' },
  };

  it('evaluates or fails with a code — never throws, never gives a function, a prototype, process or globalThis', () => {
    fc.assert(
      fc.property(grammarExpression, (source) => {
        const parsed = parseExpression(source);
        if (!parsed.ok) return;
        const result = evaluation(source, scope);
        if (!result.ok) {
          expect(typeof result.code).toBe('string');
          return;
        }
        const seen = new Set<unknown>();
        const check = (value: unknown): void => {
          if (value === null || typeof value !== 'object') {
            expect(typeof value).not.toBe('function');
            expect(typeof value).not.toBe('symbol');
            return;
          }
          if (seen.has(value)) return;
          seen.add(value);
          expect(value).not.toBe(globalThis);
          expect(value).not.toBe(process);
          expect(value).not.toBe(Object.prototype);
          expect(value).not.toBe(Array.prototype);
          expect([Object.prototype, Array.prototype, null]).toContain(Object.getPrototypeOf(value));
          for (const inner of Object.values(value)) check(inner);
        };
        check(result.value);
      }),
      { numRuns: 2_000 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('a');
  });

  it('the yaml filter does not build functions, classes or other tagged objects', () => {
    for (const source of [
      '\'!!js/function "function () { return process }"\' | yaml',
      "'a: !!js/undefined' | yaml",
      "'!!binary aGVsbG8=' | yaml",
      "'a: !custom 1' | yaml",
      "'!!set {a, b}' | yaml",
      "'!!omap [a: 1]' | yaml",
      "'!!timestamp 2001-12-14' | yaml",
      "'{__proto__: {polluted: 1}}' | yaml",
    ]) {
      const result = evaluation(source, {});
      expect(result.ok, source).toBe(true);
      if (result.ok && result.value !== null && typeof result.value === 'object') {
        const prototype = Object.getPrototypeOf(result.value);
        expect(prototype === Object.prototype || prototype === Array.prototype, source).toBe(true);
      }
      if (result.ok) expect(typeof result.value).not.toBe('function');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('expressions too long or too deeply nested are syntax errors, not stack overflows', () => {
    const long = parseExpression(Array.from({ length: 2_000 }, () => 'task').join(' + '));
    expect(long).toMatchObject({ ok: false, problem: { code: 'invalid_expression' } });
    const deep = parseExpression(`${'('.repeat(5_000)}1${')'.repeat(5_000)}`);
    expect(deep).toMatchObject({ ok: false, problem: { code: 'invalid_expression' } });
    const nested = parseExpression(`${'['.repeat(100)}1${']'.repeat(100)}`);
    expect(nested.ok).toBe(false);
    expect(parseExpression(`${'('.repeat(30)}1${')'.repeat(30)}`).ok).toBe(true);
  });
});
