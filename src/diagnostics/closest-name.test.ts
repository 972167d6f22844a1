import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closestName, didYouMean } from './closest-name.ts';
import { editDistance } from './edit-distance.ts';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swaps of neighbours', () => {
    expect(editDistance('Cder', 'Coder')).toBe(1);
    expect(editDistance('Cdoer', 'Coder')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('closestName', () => {
  it('suggests a near candidate and nothing when none is near', () => {
    expect(closestName('Cder', ['Reviewer', 'Coder'])).toBe('Coder');
    expect(closestName('tmperature', ['model', 'temperature'])).toBe('temperature');
    expect(closestName('xyz', ['Coder', 'Reviewer'])).toBeUndefined();
  });

  it('prefers a match ignoring case over a nearer spelling', () => {
    expect(closestName('coder', ['Codex', 'Coder'])).toBe('Coder');
  });

  it('returns the exact candidate whenever it is present', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1 }), fc.nat(), (candidates, pick) => {
        const name = candidates[pick % candidates.length]!;
        expect(closestName(name, candidates)).toBe(name);
      }),
    );
  });

  it('never suggests a name farther than a third of the length', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string()), (name, candidates) => {
        const found = closestName(name, candidates);
        if (found !== undefined && found.toLowerCase() !== name.toLowerCase()) {
          expect(editDistance(name.toLowerCase(), found.toLowerCase())).toBeLessThanOrEqual(
            Math.max(name.length, 3) / 3,
          );
        }
      }),
    );
  });
});

describe('didYouMean', () => {
  it('names the closest candidate or lists them all', () => {
    expect(didYouMean('Cder', ['Coder'], 'agents defined')).toBe("did you mean 'Coder'?");
    expect(didYouMean('Zed', ['Coder', 'Reviewer'], 'agents defined')).toBe(
      'agents defined: Coder, Reviewer',
    );
    expect(didYouMean('Zed', [], 'agents defined')).toBeUndefined();
  });
});
