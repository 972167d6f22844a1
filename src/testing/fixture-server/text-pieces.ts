/**
 * Splits text word by word, each piece carrying the whitespace before its word, so the pieces join back
 * to the text exactly. Empty text gives no pieces.
 *
 * @example
 * splitWords('Hello big world'); // ['Hello', ' big', ' world']
 */
export function splitWords(text: string): string[] {
  const words = text.match(/\s*\S+/g) ?? [];
  const trailing = text.slice(words.join('').length);
  if (trailing === '') return words;
  if (words.length === 0) return [trailing];
  words[words.length - 1] += trailing;
  return words;
}

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
