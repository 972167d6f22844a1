import { describe, expect, it } from 'vitest';
import { parseDuration } from './read-duration.ts';

describe('parseDuration', () => {
  it('reads every unit, fractions, and a bare number as seconds', () => {
    expect(
      ['500ms', '1s', '1.5s', '10m', '2h', '30', '0.25', '.5s', ' 2 s ', '0'].map(parseDuration),
    ).toEqual([500, 1_000, 1_500, 600_000, 7_200_000, 30_000, 250, 500, 2_000, 0]);
  });

  it('rounds to whole milliseconds', () => {
    expect(parseDuration('1.4ms')).toBe(1);
    expect(parseDuration('0.0015s')).toBe(2);
  });

  it('refuses other forms and negative durations', () => {
    for (const text of ['', 's', '1d', '10 minutes', '-1s', '1,5s', '1e3', '1.s', '1s2']) {
      expect(parseDuration(text)).toBeUndefined();
    }
  });
});
