import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closestMatch } from './closest-match.ts';
import { levenshteinDistance } from './levenshtein-distance.ts';

describe('levenshteinDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['claude-sonet-4-5', 'claude-sonnet-4-5', 1],
    ['gpt4o', 'gpt-4o', 1],
  ])('between %j and %j is %i', (a, b, distance) => {
    expect(levenshteinDistance(a, b)).toBe(distance);
  });

  it('is a metric: symmetric, zero only for equal strings, and within the longer length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const distance = levenshteinDistance(a, b);
        expect(distance).toBe(levenshteinDistance(b, a));
        expect(distance === 0).toBe(a === b);
        expect(distance).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });
});

describe('closestMatch', () => {
  it('picks the closest candidate within reach, preferring the first of equals', () => {
    expect(closestMatch('gpt-4o-mni', ['gpt-4o', 'gpt-4o-mini'])).toBe('gpt-4o-mini');
    expect(closestMatch('o3', ['o1', 'o4'])).toBe('o1');
    expect(closestMatch('llama3', ['gpt-4o', 'claude-haiku-4-5'])).toBeUndefined();
  });
});
