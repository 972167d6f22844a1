import fc from 'fast-check';

/** Names an expression may read: defined ones, misspelt ones, and JavaScript's that must stay out of reach. */
export const EXPRESSION_NAMES = [
  'task',
  'items',
  'item',
  'code',
  'review',
  'loop',
  'input',
  'inputs',
  'steps',
  'error',
  'env',
  'date',
  'now',
  'random',
  'run',
  'tsak',
  'constructor',
  '__proto__',
  'prototype',
  'process',
  'globalThis',
  'this',
  'require',
  'toString',
  'valueOf',
] as const;

const FILTERS = [
  'upper',
  'lower',
  'trim',
  'truncate',
  'replace',
  'split',
  'join',
  'lines',
  'words',
  'chars',
  'first',
  'last',
  'length',
  'reverse',
  'sort',
  'unique',
  'slice',
  'default',
  'if',
  'json',
  'yaml',
  'to_json',
  'int',
  'float',
  'string',
  'uppr',
  'constructor',
] as const;

const BINARY = ['+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', 'in', 'not in', 'and', 'or'];

const text = fc.string({ maxLength: 12 }).map((value) => value.replace(/[\\'{}\n\r]/g, ''));
const literal = fc.oneof(
  text.map((value) => `'${value}'`),
  text.map((value) => `"${value.replace(/"/g, '')}"`),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((value) => String(Math.round(value * 100) / 100)),
  fc.constantFrom('true', 'false', 'null'),
);
const name = fc.constantFrom(...EXPRESSION_NAMES);

/**
 * Expressions written from the DSL's grammar (literals, names, paths, operators, conditionals,
 * filters with arguments, lists, maps, grouping), to depth 4; names include JavaScript's own
 * (`constructor`, `process`, …) so the fuzz also checks they stay out of reach.
 *
 * @example
 * fc.sample(grammarExpression, { seed: 1, numRuns: 5 });
 */
export const grammarExpression: fc.Arbitrary<string> = fc.letrec<{ expression: string }>((tie) => ({
  expression: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    literal,
    name,
    fc
      .tuple(name, fc.array(fc.oneof(name, literal), { maxLength: 3 }))
      .map(
        ([head, rest]) =>
          `${head}${rest.map((part) => (part.startsWith("'") || /^-?\d/.test(part) ? `[${part}]` : `.${part}`)).join('')}`,
      ),
    fc
      .tuple(tie('expression'), fc.constantFrom(...BINARY), tie('expression'))
      .map(([left, operator, right]) => `${left} ${operator} ${right}`),
    tie('expression').map((operand) => `not ${operand}`),
    tie('expression').map((operand) => `-${operand}`),
    fc
      .tuple(tie('expression'), tie('expression'), tie('expression'))
      .map(([then, condition, otherwise]) => `${then} if ${condition} else ${otherwise}`),
    fc
      .tuple(
        tie('expression'),
        fc.constantFrom(...FILTERS),
        fc.array(fc.oneof(literal, name), { maxLength: 2 }),
      )
      .map(([input, filter, args]) => `${input} | ${[filter, ...args].join(':')}`),
    fc.array(tie('expression'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
    fc
      .array(fc.tuple(fc.constantFrom('a', 'b', '__proto__', "'constructor'"), tie('expression')), {
        maxLength: 2,
      })
      .map((entries) => `{${entries.map(([key, value]) => `${key}: ${value}`).join(', ')}}`),
    tie('expression').map((inner) => `(${inner})`),
  ),
})).expression;

/** Junk from the expression alphabet: unbalanced brackets and quotes, stray operators, braces. */
export const junkExpression: fc.Arbitrary<string> = fc
  .array(
    fc.constantFrom(
      '(',
      ')',
      '[',
      ']',
      '{',
      '}',
      "'",
      '"',
      '|',
      ':',
      '.',
      ',',
      '+',
      '-',
      '*',
      '/',
      '%',
      '==',
      '<',
      '!',
      ' ',
      'not',
      'in',
      'if',
      'else',
      'task',
      '1',
      '1.5e9',
      '{{',
      '}}',
      '\\',
      '\u0000',
      '😀',
    ),
    { maxLength: 16 },
  )
  .map((parts) => parts.join(''));

/** Either a grammatical expression (mostly) or junk. */
export const anyExpression: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: grammarExpression },
  { weight: 1, arbitrary: junkExpression },
);
