/** Where a JSON text stops being JSON, and what was expected there. */
export interface JsonError {
  /** 0-based offset in the text (UTF-16 code units). */
  readonly offset: number;
  readonly message: string;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * The first place a text breaks the JSON grammar (RFC 8259), or `undefined` when it is valid JSON.
 * `JSON.parse` names a position for some mistakes and not for others; this names one for every
 * mistake, so `--inputs` can point at it with line and column.
 *
 * @example
 * findJsonError('{"a": 1,}'); // { offset: 8, message: 'expected a property name in double quotes' }
 */
export function findJsonError(text: string): JsonError | undefined {
  let position = 0;
  const fail = (message: string, at = position): never => {
    throw { offset: at, message } satisfies JsonError;
  };
  const skipWhitespace = () => {
    while (position < text.length && WHITESPACE.has(text[position]!)) position += 1;
  };
  const describeHere = () =>
    position >= text.length
      ? 'the end of the input'
      : `'${String.fromCodePoint(text.codePointAt(position)!)}'`;
  const expect = (character: string, what: string) => {
    skipWhitespace();
    if (text[position] !== character) fail(`expected ${what}, found ${describeHere()}`);
    position += 1;
  };
  const readString = () => {
    const start = position;
    position += 1;
    while (position < text.length) {
      const character = text[position]!;
      if (character === '"') {
        position += 1;
        return;
      }
      if (character === '\\') {
        const escaped = text[position + 1];
        if (escaped === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(position + 2, position + 6)))
            fail('expected four hex digits after \\u', position);
          position += 6;
        } else if (escaped !== undefined && ESCAPES.has(escaped)) position += 2;
        else fail('invalid escape in a string', position);
      } else if (character < ' ') fail('a control character in a string must be escaped');
      else position += 1;
    }
    fail('unterminated string', start);
  };
  const readValue = (): void => {
    skipWhitespace();
    const character = text[position];
    if (character === '{') {
      position += 1;
      skipWhitespace();
      if (text[position] === '}') {
        position += 1;
        return;
      }
      for (;;) {
        skipWhitespace();
        if (text[position] !== '"')
          fail(`expected a property name in double quotes, found ${describeHere()}`);
        readString();
        expect(':', "':' after the property name");
        readValue();
        skipWhitespace();
        if (text[position] === ',') position += 1;
        else if (text[position] === '}') {
          position += 1;
          return;
        } else fail(`expected ',' or '}', found ${describeHere()}`);
      }
    }
    if (character === '[') {
      position += 1;
      skipWhitespace();
      if (text[position] === ']') {
        position += 1;
        return;
      }
      for (;;) {
        readValue();
        skipWhitespace();
        if (text[position] === ',') position += 1;
        else if (text[position] === ']') {
          position += 1;
          return;
        } else fail(`expected ',' or ']', found ${describeHere()}`);
      }
    }
    if (character === '"') {
      readString();
      return;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, position)) {
        position += literal.length;
        return;
      }
    }
    NUMBER.lastIndex = position;
    const number = NUMBER.exec(text);
    if (number !== null) {
      position += number[0].length;
      return;
    }
    fail(`expected a value, found ${describeHere()}`);
  };
  try {
    readValue();
    skipWhitespace();
    if (position < text.length) fail(`unexpected ${describeHere()} after the value`);
    return undefined;
  } catch (error) {
    return error as JsonError;
  }
}
