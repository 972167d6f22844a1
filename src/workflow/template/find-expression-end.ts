/**
 * The offset of the `}}` that closes the `{{` whose expression starts at `start`: quoted text and the
 * braces of map literals are skipped, so `{{ x | default:'}}' }}` and `{{ {a: {b: 1}} }}` close at
 * their last `}}`. Falls back to the first `}}` when a quote is never closed (the parser then reports
 * it), and -1 when there is none.
 *
 * @example
 * findExpressionEnd("{{ a | default:'}}' }} b", 2); // 20
 */
export function findExpressionEnd(text: string, start: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let position = start; position < text.length; position++) {
    const char = text[position];
    if (quote !== undefined) {
      if (char === '\\') position++;
      else if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '{') {
      depth++;
    } else if (char === '}') {
      if (depth === 0 && text[position + 1] === '}') return position;
      depth = Math.max(0, depth - 1);
    }
  }
  return text.indexOf('}}', start);
}
