import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonError } from '../../src/cli/find-json-error.ts';

/** Whether `JSON.parse` accepts the text: the model `findJsonError` must agree with. */
function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('findJsonError', () => {
  it('accepts exactly what JSON.parse accepts', () => {
    const jsonish = fc.oneof(
      fc.json(),
      fc.string(),
      // Valid JSON with one character changed, dropped or added: near misses are the interesting cases.
      fc
        .tuple(
          fc.json(),
          fc.nat(),
          fc.constantFrom('', ',', '}', ']', '"', ':', '\\', ' ', 'x', '0', '-', '.'),
        )
        .map(([text, at, insert]) => {
          const position = text.length === 0 ? 0 : at % text.length;
          return text.slice(0, position) + insert + text.slice(position + (at % 2));
        }),
    );
    fc.assert(
      fc.property(jsonish, (text) => {
        expect(findJsonError(text) === undefined).toBe(parses(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('points at the mistake, with what was expected', () => {
    expect(findJsonError('{"a": 1,}')).toEqual({
      offset: 8,
      message: "expected a property name in double quotes, found '}'",
    });
    expect(findJsonError('{\n  "a": x}')).toEqual({ offset: 9, message: "expected a value, found 'x'" });
    expect(findJsonError('{"a": "b')).toEqual({ offset: 6, message: 'unterminated string' });
    expect(findJsonError('')).toEqual({ offset: 0, message: 'expected a value, found the end of the input' });
    expect(findJsonError('{} {}')).toEqual({ offset: 3, message: "unexpected '{' after the value" });
    expect(findJsonError('[1 2]')).toEqual({ offset: 3, message: "expected ',' or ']', found '2'" });
  });
});
