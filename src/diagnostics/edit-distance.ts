/**
 * The optimal string alignment distance (Damerau-Levenshtein restricted to adjacent transpositions):
 * the number of insertions, deletions, substitutions and swaps of neighbours that turn `a` into `b`.
 *
 * @example
 * editDistance('Cdoer', 'Coder'); // 1
 */
export function editDistance(a: string, b: string): number {
  // Three rolling rows: the transposition needs the row two steps back.
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, beforePrevious[j - 2]! + 1);
      }
      current.push(best);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}
