import { editDistance } from './edit-distance.ts';

/**
 * The candidate a misspelt `name` most likely meant, for "did you mean …?" hints, or `undefined` when
 * none is close. An exact match wins, then a match ignoring case, then the smallest edit distance
 * (ignoring case) within a third of the name's length (at least 1); ties go to the earlier candidate.
 *
 * @example
 * closestName('Cder', ['Coder', 'Reviewer']); // 'Coder'
 * closestName('xyz', ['Coder']);               // undefined
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  if (list.includes(name)) return name;
  const lower = name.toLowerCase();
  const sameIgnoringCase = list.find((candidate) => candidate.toLowerCase() === lower);
  if (sameIgnoringCase !== undefined) return sameIgnoringCase;
  const threshold = Math.max(name.length, 3) / 3;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of list) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= threshold && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * A hint naming the closest candidate, or listing the candidates when none is close.
 *
 * @example
 * didYouMean('Cder', ['Coder'], 'agents defined'); // "did you mean 'Coder'?"
 */
export function didYouMean(
  name: string,
  candidates: Iterable<string>,
  listLabel: string,
): string | undefined {
  const list = [...candidates];
  const closest = closestName(name, list);
  if (closest !== undefined) return `did you mean '${closest}'?`;
  if (list.length === 0) return undefined;
  return `${listLabel}: ${list.join(', ')}`;
}
