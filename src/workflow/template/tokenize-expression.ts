import { ExpressionSyntaxError } from './expression-syntax-error.ts';

/** One token of an expression: its kind, its value, and where it is. */
export interface Token {
  readonly kind: 'number' | 'string' | 'name' | 'operator' | 'end';
  /** The number's value, the string's content, the name, or the operator's text. */
  readonly value: string | number;
  readonly offset: number;
  readonly length: number;
}

/** Options of {@link tokenizeExpression}. */
export interface TokenizeOptions {
  /**
   * Reads `{{ x }}` as `( x )`: in a braceless expression (`if:`, `until:`, `max:`), `{{x}}` means the
   * value of `x`.
   */
  readonly bracedGroups?: boolean;
}

const OPERATORS = ['==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '|', ':', ',', '.'];
const BRACKETS = '()[]{}';
const NAME = /[A-Za-z_]\w*/y;
const NUMBER = /\d+(?:\.\d+)?/y;
const ESCAPES = new Map([
  ['n', '\n'],
  ['t', '\t'],
  ['r', '\r'],
  ['\\', '\\'],
  ["'", "'"],
  ['"', '"'],
]);
const HINTS = new Map([
  ['=', 'compare with =='],
  ['!', 'write `not x`, or != to compare'],
  ['&', 'write `and`'],
  ['?', 'write `a if condition else b`'],
]);

/**
 * Splits an expression into tokens, ending with an `end` token. Throws an {@link ExpressionSyntaxError}
 * at an unterminated string or a character that is not part of the language.
 *
 * @example
 * tokenizeExpression("a >= 'b'").map((token) => token.value); // ['a', '>=', 'b', '']
 */
export function tokenizeExpression(source: string, options: TokenizeOptions = {}): Token[] {
  const tokens: Token[] = [];
  /** Open `{` (a map literal) and `{{` (a braced group), innermost last. */
  const braces: ('map' | 'group')[] = [];
  let position = 0;
  const push = (kind: Token['kind'], value: string | number, length: number): void => {
    tokens.push({ kind, value, offset: position, length });
    position += length;
  };
  while (position < source.length) {
    const char = source[position] ?? '';
    const next = source[position + 1] ?? '';
    if (/\s/.test(char)) {
      position++;
    } else if (char === "'" || char === '"') {
      const { value, length } = readString(source, position);
      push('string', value, length);
    } else if (/\d/.test(char)) {
      const text = matchAt(NUMBER, source, position) ?? char;
      push('number', Number(text), text.length);
    } else if (/[A-Za-z_]/.test(char)) {
      const text = matchAt(NAME, source, position) ?? char;
      push('name', text, text.length);
    } else if (options.bracedGroups === true && char === '{' && next === '{') {
      braces.push('group');
      push('operator', '(', 2);
    } else if (char === '}' && next === '}' && braces.at(-1) === 'group') {
      braces.pop();
      push('operator', ')', 2);
    } else if (BRACKETS.includes(char)) {
      if (char === '{') braces.push('map');
      if (char === '}') braces.pop();
      push('operator', char, 1);
    } else {
      const operator = OPERATORS.find((candidate) => source.startsWith(candidate, position));
      if (operator === undefined) throw unexpectedCharacter(char, position);
      push('operator', operator, operator.length);
    }
  }
  tokens.push({ kind: 'end', value: '', offset: source.length, length: 0 });
  return tokens;
}

function matchAt(pattern: RegExp, source: string, position: number): string | undefined {
  pattern.lastIndex = position;
  return pattern.exec(source)?.[0];
}

function readString(source: string, start: number): { value: string; length: number } {
  const quote = source[start];
  let value = '';
  let position = start + 1;
  while (position < source.length) {
    const char = source[position] ?? '';
    if (char === quote) return { value, length: position + 1 - start };
    if (char === '\\') {
      const escaped = source[position + 1] ?? '';
      value += ESCAPES.get(escaped) ?? `\\${escaped}`;
      position += 2;
    } else {
      value += char;
      position++;
    }
  }
  throw new ExpressionSyntaxError(
    'unterminated text: the quote is never closed',
    { offset: start, length: source.length - start },
    `close it with ${quote}`,
  );
}

function unexpectedCharacter(char: string, offset: number): ExpressionSyntaxError {
  return new ExpressionSyntaxError(
    `unexpected character '${char}'`,
    { offset, length: 1 },
    HINTS.get(char) ?? 'expressions use names, quoted text, numbers and operators like + == and | filters',
  );
}
