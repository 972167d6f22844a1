import { levenshteinDistance } from './levenshtein-distance.ts';

/**
 * The candidate closest to `name`, if it is close enough to be a typo of it: at most two edits, or 40%
 * of the name's length for longer names, and fewer edits than the name has characters. Ties go to the
 * earlier candidate.
 *
 * @example
 * closestMatch('gpt4o', ['gpt-4o', 'gpt-4o-mini']); // 'gpt-4o'
 */
export function closestMatch(name: string, candidates: Iterable<string>): string | undefined {
  const allowed = Math.min(name.length - 1, Math.max(2, Math.floor(name.length * 0.4)));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = levenshteinDistance(name, candidate);
    if (distance < bestDistance && distance <= allowed) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
