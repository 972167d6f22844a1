import { describe, expect, it } from 'vitest';
import { formatOpenAIDuration } from '../../src/testing/fixture-server/index.ts';

describe('formatOpenAIDuration', () => {
  it.each([
    [0, '0s'],
    [0.2, '1ms'],
    [120, '120ms'],
    [999, '999ms'],
    [1_000, '1s'],
    [8_571.43, '8.572s'],
    [59_999, '59.999s'],
    [60_000, '1m0s'],
    [90_500, '1m30.5s'],
    [360_000, '6m0s'],
    [3_600_000, '1h0m0s'],
    [3_723_400, '1h2m3.4s'],
  ])('writes %d ms as %s', (milliseconds, expected) => {
    expect(formatOpenAIDuration(milliseconds)).toBe(expected);
  });
});
