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
  const rawOffset = rawOffsetOf(context, range, value, offset, needle);
  if (rawOffset === undefined) return context.spanOf(node);
  return context.spanAt(range[0] + rawOffset, length);
}

/**
 * Finds where a place inside a piece (the mistake inside a `{{ … }}`) is in the file: the piece is found
 * as in {@link locateInScalar}, then the place is shifted from it when the text between is written the
 * same in the file (no escape in between); otherwise the whole piece is pointed at.
 *
 * @example
 * locateInsideScalar(context, node, value, { offset: 3, length: 10 }, { offset: 8, length: 1 }, '{{');
 */
export function locateInsideScalar(
  context: LoadContext,
  node: { readonly range?: readonly [number, number, number] | null | undefined },
  value: string,
  piece: { readonly offset: number; readonly length: number },
  inner: { readonly offset: number; readonly length: number },
  needle: string,
): SourceSpan {
  const range = node.range;
  const rawOffset =
    range === undefined || range === null
      ? undefined
      : rawOffsetOf(context, range, value, piece.offset, needle);
  if (range === undefined || range === null || rawOffset === undefined)
    return locateInScalar(context, node, value, piece.offset, piece.length, needle);
  const start = range[0] + rawOffset;
  const between = value.slice(piece.offset, inner.offset + inner.length);
  if (context.source.slice(start, start + between.length) !== between)
    return context.spanAt(start, piece.length);
  return context.spanAt(start + inner.offset - piece.offset, inner.length);
}

/** The needle's places in a scalar's value and in its raw source, found once per scalar and needle. */
interface NeedlePlaces {
  readonly value: string;
  readonly indexOfValueOffset: Map<number, number>;
  readonly inRaw: number[];
  readonly counts: boolean;
}

// A template with thousands of `{{ }}` locates each of them: finding the needles again for each one
// made loading quadratic in the scalar's length (a 1 MB prompt took minutes).
const placesCache = new WeakMap<readonly [number, number, number], Map<string, NeedlePlaces>>();

function rawOffsetOf(
  context: LoadContext,
  range: readonly [number, number, number],
  value: string,
  offset: number,
  needle: string,
): number | undefined {
  let byNeedle = placesCache.get(range);
  if (byNeedle === undefined) {
    byNeedle = new Map();
    placesCache.set(range, byNeedle);
  }
  let places = byNeedle.get(needle);
  if (places === undefined || places.value !== value) {
    const inValue = occurrences(value, needle);
    const inRaw = occurrences(context.source.slice(range[0], range[1]), needle);
    places = {
      value,
      indexOfValueOffset: new Map(inValue.map((at, index) => [at, index])),
      inRaw,
      counts: inValue.length === inRaw.length,
    };
    byNeedle.set(needle, places);
  }
  const index = places.indexOfValueOffset.get(offset);
  return places.counts && index !== undefined ? places.inRaw[index] : undefined;
}

function occurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  for (let index = text.indexOf(needle); index !== -1; index = text.indexOf(needle, index + needle.length)) {
    found.push(index);
  }
  return found;
}
