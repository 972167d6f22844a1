export { splitWords } from '../../model/scripted/split-words.ts';

/**
 * Splits text into pieces of at most `size` characters (the last may be shorter), the way providers
 * stream tool arguments in several deltas.
 *
 * @example
 * splitEvery('{"city":"Paris"}', 8); // ['{"city":', '"Paris"}']
 */
export function splitEvery(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size) pieces.push(text.slice(start, start + size));
  return pieces;
}
