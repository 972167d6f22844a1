import type { SourceSpan } from '../../diagnostics/source-span.ts';
import type { LoadContext } from './load-context.ts';

/**
 * Finds where a piece of a string value is in the file. Quotes, escapes and block indentation make
 * value offsets differ from file offsets, so the piece is found as the same occurrence of `needle`
 * (`{{`, `${`) in the raw source of the scalar; when the counts disagree (an escape produced the
 * needle), the whole scalar is pointed at instead.
 *
 * @example
 * locateInScalar(context, node, value, 6, 8, '{{'); // the span of the second line's `{{ task }}`
 */
export function locateInScalar(
  context: LoadContext,
  node: { readonly range?: readonly [number, number, number] | null | undefined },
  value: string,
  offset: number,
  length: number,
  needle: string,
): SourceSpan {
  const range = node.range;
  if (range === undefined || range === null) return context.spanOf(null);
  const raw = context.source.slice(range[0], range[1]);
  const inValue = occurrences(value, needle);
  const inRaw = occurrences(raw, needle);
  const index = inValue.indexOf(offset);
  const rawOffset = inValue.length === inRaw.length && index !== -1 ? inRaw[index] : undefined;
  if (rawOffset === undefined) return context.spanOf(node);
  return context.spanAt(range[0] + rawOffset, length);
}

function occurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  for (let index = text.indexOf(needle); index !== -1; index = text.indexOf(needle, index + needle.length)) {
    found.push(index);
  }
  return found;
}
