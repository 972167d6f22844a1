import { describe, expect, it } from 'vitest';
import { evaluation, valueOfExpression } from '../expression-test-helpers.ts';
import { FILTERS } from './filter-table.ts';

const SPEC_FILTERS = [
  ...['upper', 'lower', 'trim', 'truncate', 'replace', 'split', 'join', 'lines', 'words', 'chars'],
  ...['first', 'last', 'length', 'reverse', 'sort', 'unique', 'slice'],
  ...['default', 'if'],
  ...['json', 'yaml', 'to_json', 'int', 'float', 'string'],
];

describe('filters', () => {
  it('has exactly the filters of the spec', () => {
    expect([...FILTERS.keys()].sort()).toEqual([...SPEC_FILTERS].sort());
  });

  it.each([
    ["'Ab' | upper", 'AB'],
    ["'Ab' | lower", 'ab'],
    ["'  a b ' | trim", 'a b'],
    ["'héllo wörld' | truncate:4", 'héll'],
    ["'ab' | truncate:9", 'ab'],
    ["'a-b-c' | replace:'-':'+'", 'a+b+c'],
    ["'a,b,,c' | split:','", ['a', 'b', '', 'c']],
    ["'ab' | split:''", ['a', 'b']],
    ["['a', 1, null, [2]] | join:', '", 'a, 1, , [2]'],
    ["['a', 'b'] | join", 'ab'],
    ["'one\\ntwo\\r\\nthree\\n' | lines", ['one', 'two', 'three']],
    ["'' | lines", []],
    ["'  one  two\\tthree ' | words", ['one', 'two', 'three']],
    ["'a😀' | chars", ['a', '😀']],
    ['[3, 1, 2] | first', 3],
    ['[3, 1, 2] | last', 2],
    ['[] | first', undefined],
    ["'abc' | first", 'a'],
    ['[3, 1, 2] | length', 3],
    ["'a😀' | length", 2],
    ['{a: 1, b: 2} | length', 2],
    ['[3, 1, 2] | reverse', [2, 1, 3]],
    ["'abc' | reverse", 'cba'],
    ['[3, 1, 10, 2] | sort', [1, 2, 3, 10]],
    ["['b', 'a', 'C'] | sort", ['C', 'a', 'b']],
    ['[1, 2, 1, [1], [1]] | unique', [1, 2, [1]]],
    ['[1, 2, 3, 4] | slice:1:3', [2, 3]],
    ['[1, 2, 3, 4] | slice:-2', [3, 4]],
    ["'hello' | slice:1:-1", 'ell'],
    ["missing | default:'x'", 'x'],
    ["map.missing | default:'x'", 'x'],
    ["null | default:'x'", 'x'],
    ["'' | default:'x'", ''],
    ["0 | default:'x'", 0],
    ["n | if:(n > 3):'big':'small'", 'big'],
    ["n | if:(n > 9):'big':'small'", 'small'],
    ["n | if:false:'big'", 5],
    [`'{"a": [1, null]}' | json`, { a: [1, null] }],
    ["'a: 1\\nb: [x, y]' | yaml", { a: 1, b: ['x', 'y'] }],
    ["{a: [1, 'b']} | to_json", '{"a":[1,"b"]}'],
    ['map.x | to_json', 'null'],
    ["'42' | int", 42],
    ["' 3.9 ' | int", 3],
    ['-3.9 | int', -3],
    ['true | int', 1],
    ["'1.5' | float", 1.5],
    ['2 | float', 2],
    ['[1] | string', '[1]'],
    ['null | string', ''],
    ['12 | string', '12'],
    ["'a b' | upper | split:' ' | reverse | join:'-'", 'B-A'],
  ])('%s is %j', (source, expected) => {
    expect(valueOfExpression(source, { n: 5, map: {} })).toEqual(expected);
  });

  it.each([
    ['1 | upper', 'upper needs text, got a number'],
    ['[1, "a"] | sort', 'sort needs a list of numbers only or of texts only'],
    ["'x' | truncate:'a'", 'truncate needs a whole number, got text'],
    ["'x' | truncate", 'the filter truncate takes 1 argument, got 0'],
    ["'x' | upper:1", 'the filter upper takes no argument, got 1'],
    ["'x' | slice", 'the filter slice takes 1 to 2 arguments, got 0'],
    ["'{' | json", undefined],
    ["'a: [' | yaml", undefined],
    ["'abc' | int", "int cannot read a number from text 'abc'"],
    ['[] | float', 'float cannot read a number from a list'],
    ['1 | first', 'first needs a list or text, got a number'],
    ['missing | upper', "undefined variable 'missing'"],
  ])('%s fails: %s', (source, message) => {
    const result = evaluation(source, {});
    expect(result.ok).toBe(false);
    if (!result.ok && message !== undefined) expect(result.message).toBe(message);
  });

  it('names the closest filter when one is unknown', () => {
    expect(evaluation("'a' | uper", {})).toMatchObject({
      ok: false,
      code: 'unknown_filter',
      message: "unknown filter 'uper'",
      hint: "did you mean 'upper'?",
    });
  });
});
