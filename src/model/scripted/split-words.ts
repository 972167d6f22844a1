const WORD = /\s*\S+/g;

/**
 * Splits text word by word, each piece carrying the whitespace before its word (as provider tokens
 * do), trailing whitespace staying on the last piece; the pieces join back to the text exactly. Empty
 * text gives no pieces. The fixture provider server streams text in the same pieces.
 *
 * @example
 * splitWords('Hello big world'); // ['Hello', ' big', ' world']
 */
export function splitWords(text: string): string[] {
  const words = text.match(WORD) ?? [];
  let covered = 0;
  for (const word of words) covered += word.length;
  if (covered === text.length) return words;
  const trailing = text.slice(covered);
  if (words.length === 0) return [trailing];
  words[words.length - 1] += trailing;
  return words;
}
