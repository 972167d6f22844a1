import { describe, expect, it } from 'vitest';
import { evaluation, valueOfExpression } from './expression-test-helpers.ts';
import type { TemplateSources } from './template-scope.ts';

describe('evaluateExpression: operators', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['7 - 2 - 1', 4],
    ['7 / 2', 3.5],
    ['7 % 3', 1],
    ['-n + 1', -4],
    ["'a' + 'b'", 'ab'],
    ["'n=' + n", 'n=5'],
    ['[1] + [2, 3]', [1, 2, 3]],
    ['n == 5', true],
    ["n == '5'", false],
    ['[1, {a: 2}] == [1, {a: 2}]', true],
    ['n != 5', false],
    ['n < 6 and n <= 5 and n > 4 and n >= 5', true],
    ["'abc' < 'abd'", true],
    ["'PP' in 'APPROVED'", true],
    ["'x' not in 'APPROVED'", true],
    ['2 in [1, 2]', true],
    ["'k' in {k: 1}", true],
    ["'toString' in {k: 1}", false],
    ["'x' in missing.field", false],
    ['not 0', true],
    ['not []', true],
    ["not ''", true],
    ['not {}', true],
    ['1 and 0', false],
    ['0 or [1]', true],
    ["'yes' if n > 3 else 'no'", 'yes'],
    ["'yes' if n > 9 else 'no'", 'no'],
    ['{a: n, b: [n]}', { a: 5, b: [5] }],
    ['list[-1]', 3],
    ["map['k k']", 1],
    ['list[n - 4]', 2],
    ['map[key]', 1],
  ])('%s is %j', (source, expected) => {
    expect(
      valueOfExpression(source, { n: 5, list: [1, 2, 3], map: { 'k k': 1 }, key: 'k k', missing: {} }),
    ).toEqual(expected);
  });

  it('does not evaluate the branch not taken, nor the right side of a decided and/or', () => {
    expect(valueOfExpression('1 if true else nope')).toBe(1);
    expect(valueOfExpression('false and nope')).toBe(false);
    expect(valueOfExpression('true or nope')).toBe(true);
  });

  it.each([
    ['1 / 0', 'invalid_operation', 'division by zero'],
    ['1 % 0', 'invalid_operation', 'modulo by zero'],
    ["1 - 'a'", 'invalid_operation', '- needs two numbers, got a number and text'],
    ['1 + true', 'invalid_operation', 'cannot add a number and a boolean'],
    ["1 < 'a'", 'invalid_operation', 'cannot compare a number with text using <'],
    ["-'a'", 'invalid_operation', 'cannot negate text: - needs a number'],
    ['1 in 2', 'invalid_operation', 'cannot look inside a number with in'],
    ['[1] in "abc"', 'invalid_operation', 'cannot look for a list in text'],
    ['list[0.5]', 'invalid_operation', 'an index must be a whole number or text, got a number'],
    ["list['a']", 'invalid_path', "cannot read 'list.a': it is a list: use an index like [0], not 'a'"],
    ['n.field', 'invalid_path', "cannot read 'n.field': it is a number, which has no fields"],
    ['tsk', 'undefined_variable', "undefined variable 'tsk'"],
  ])('%s fails with %s', (source, code, message) => {
    const result = evaluation(source, { n: 5, list: [1], task: 'x' });
    expect(result).toMatchObject({ ok: false, code, message });
  });

  it('refuses results that are not finite numbers', () => {
    expect(evaluation('n * n', { n: 1e200 })).toMatchObject({ ok: false, code: 'invalid_operation' });
  });

  it('suggests the closest defined name', () => {
    expect(evaluation('tsk', { task: 'x', tone: 'y' })).toMatchObject({ hint: "did you mean 'task'?" });
  });
});

describe('evaluateExpression: built-ins', () => {
  const sources: TemplateSources = {
    now: () => new Date('2025-03-04T05:06:07.089Z'),
    randomUUID: () => '00000000-0000-4000-8000-000000000000',
    env: { HOME: '/home/me', UNSET: undefined },
  };

  it('reads date, time, now, random and env from the scope sources', () => {
    const read = (source: string): unknown => {
      const result = evaluation(source, {}, sources);
      return result.ok ? result.value : result.message;
    };
    expect(read('date')).toBe('2025-03-04');
    expect(read('time')).toBe('05:06:07');
    expect(read('now')).toBe('2025-03-04T05:06:07.089Z');
    expect(read('random')).toBe('00000000-0000-4000-8000-000000000000');
    expect(read('env.HOME')).toBe('/home/me');
    expect(read('env.UNSET')).toBeUndefined();
    expect(read("env.MISSING | default:'none'")).toBe('none');
  });

  it('lets a variable hide a built-in, and without sources the built-ins are undefined', () => {
    expect(evaluation('date', { date: 'mine' }, sources)).toMatchObject({ ok: true, value: 'mine' });
    expect(evaluation('date', {})).toMatchObject({ ok: false, code: 'undefined_variable' });
  });
});

describe('evaluateExpression: nothing reaches JavaScript', () => {
  const scope = {
    object: { a: 1 },
    list: [1, 2],
    text: 'abc',
    date: new Date(0),
    fn: () => 'called',
    instance: new (class {
      get secret(): string {
        return 'leaked';
      }
    })(),
  };

  it.each([
    'object.constructor',
    'object.__proto__',
    "object['__proto__']",
    "object['constructor']",
    'object.prototype',
    'list.constructor',
    'list.length',
    'text.length',
    'text.constructor',
    'date.getTime',
    'fn.call',
    'instance.secret',
    '{}.constructor',
    "{}['__proto__']",
    '[].constructor',
    "''.constructor",
    '(object | default:1).constructor',
  ])('%s is an error', (source) => {
    expect(evaluation(source, scope)).toMatchObject({ ok: false, code: 'invalid_path' });
  });

  it.each([
    'object.toString',
    'object.hasOwnProperty',
    'object.valueOf',
    "object['toString']",
    '{a: 1}.toString',
  ])('%s reads as undefined', (source) => {
    expect(evaluation(source, scope)).toEqual({ ok: true, value: undefined });
  });

  it.each(['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty'])(
    'the filter %s does not exist',
    (name) => {
      expect(evaluation(`object | ${name}`, scope)).toMatchObject({ ok: false, code: 'unknown_filter' });
    },
  );

  it('names like toString or constructor are undefined variables, not JavaScript', () => {
    for (const name of ['toString', 'constructor', '__proto__', 'globalThis', 'process', 'this']) {
      expect(evaluation(name, {})).toMatchObject({ ok: false, code: 'undefined_variable' });
    }
  });

  it('a map literal or parsed JSON with a __proto__ key does not change any prototype', () => {
    const made = valueOfExpression("{__proto__: {polluted: 1}, 'constructor': 2}");
    expect(Object.getPrototypeOf(made)).toBe(Object.prototype);
    expect(valueOfExpression(`'{"__proto__": {"polluted": 1}}' | json | to_json`)).toBe(
      '{"__proto__":{"polluted":1}}',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
