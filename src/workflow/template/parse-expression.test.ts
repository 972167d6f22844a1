import { describe, expect, it } from 'vitest';
import { expressionReferences } from './expression-references.ts';
import { parsed, shape } from './expression-test-helpers.ts';
import { parseExpression } from './parse-expression.ts';

describe('parseExpression', () => {
  it('reads every kind of literal', () => {
    expect(shape(parsed(`['a', "b", 12, 1.5, true, false, null, -3]`))).toBe(
      '["a", "b", 12, 1.5, true, false, null, -3]',
    );
    expect(shape(parsed(`{k: 1, 'other key': [x], 2: y,}`))).toBe('{k: 1, other key: [x], 2: y}');
    expect(shape(parsed(`'it\\'s' + "a \\"quote\\"\\n"`))).toBe(`("it's" + "a \\"quote\\"\\n")`);
    expect(shape(parsed('[]'))).toBe('[]');
    expect(shape(parsed('{}'))).toBe('{}');
  });

  it('reads paths: fields, indexes, quoted keys and computed indexes', () => {
    expect(shape(parsed(`steps.draft.output`))).toBe('steps["draft"]["output"]');
    expect(shape(parsed(`tasks[0]['key'][i + 1]`))).toBe('tasks[0]["key"][(i + 1)]');
  });

  it.each([
    ['a or b and c', '(a or (b and c))'],
    ['not a and b', '((not a) and b)'],
    ['not a == b', '(not (a == b))'],
    ['a == b or c != d', '((a == b) or (c != d))'],
    ['a + b * c - d / e % f', '((a + (b * c)) - ((d / e) % f))'],
    ['a - b - c', '((a - b) - c)'],
    ['-a * b', '((-a) * b)'],
    ['-a | upper', '(-(a | upper))'],
    ['a + b | upper', '(a + (b | upper))'],
    ['a.b | upper | truncate:3', '((a["b"] | upper) | truncate:3)'],
    ['a | slice:-2:n', '(a | slice:-2:n)'],
    ['a | replace:x.y:(b + c)', '(a | replace:x["y"]:(b + c))'],
    ['a if b else c if d else e', '(a if b else (c if d else e))'],
    ['a or b if c or d else e', '((a or b) if (c or d) else e)'],
    ["'x' not in a and b in c", '(("x" not in a) and (b in c))'],
    ['a + b < c * d', '((a + b) < (c * d))'],
    ['(a + b) * c', '((a + b) * c)'],
    ['--a', '(-(-a))'],
    ['not not a', '(not (not a))'],
    ['{{type}} == "json"', '(type == "json")'],
    ['{a: {b: {{c}}}}', '{a: {b: c}}'],
  ])('gives %s the precedence of %s', (source, expected) => {
    expect(shape(parsed(source))).toBe(expected);
  });

  it.each([
    ['a +', 3, 'expected a value after `+`, got the end of the expression'],
    ['a + * b', 4, 'expected a value after `+`, got `*`'],
    ['a b', 2, "unexpected the name 'b' after a complete expression"],
    ["'open", 0, 'unterminated text: the quote is never closed'],
    ['a = b', 2, "unexpected character '='"],
    ['a ! b', 2, "unexpected character '!'"],
    ['a if b', 6, 'expected `else`, got the end of the expression'],
    ['a[0', 3, 'expected `]`, got the end of the expression'],
    ['(a', 2, 'expected `)`, got the end of the expression'],
    ['[a b]', 3, "expected `]`, got the name 'b'"],
    ['{1 + 2}', 3, 'expected `:`, got `+`'],
    ['{[a]: 1}', 1, 'expected a key, got `[`'],
    ['a | 3', 4, 'expected a filter name after `|`, got the number 3'],
    ['a.0', 2, 'expected a field name after `.`, got the number 0'],
    ['a < b < c', 6, 'comparisons cannot be chained: unexpected `<`'],
    ['and', 0, 'expected a value, got `and`'],
    ['   ', 0, 'empty expression'],
  ])('reports %s at offset %i: %s', (source, offset, message) => {
    const result = parseExpression(source);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).toMatchObject({ code: 'invalid_expression', offset, message });
      expect(result.problem.hint).toBeTypeOf('string');
    }
  });

  it('reads {{x}} as (x) only in braceless expressions', () => {
    expect(parseExpression('{{a}}').ok).toBe(false);
    expect(parseExpression('{{a}}', { bracedGroups: true }).ok).toBe(true);
  });
});

describe('expressionReferences', () => {
  it('lists every variable read, with literal paths, but not filter names or map keys', () => {
    expect(
      expressionReferences(parsed("{k: a.b[0]} | join:sep | upper if c['d'] else e[i].f + g | default:h")),
    ).toEqual([
      { root: 'a', path: ['b', 0] },
      { root: 'sep', path: [] },
      { root: 'c', path: ['d'] },
      { root: 'e', path: [] },
      { root: 'i', path: [] },
      { root: 'g', path: [], optional: true },
      { root: 'h', path: [] },
    ]);
    expect(expressionReferences(parsed("'text' + 1"))).toEqual([]);
  });
});
