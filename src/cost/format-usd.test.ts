import { describe, expect, it } from 'vitest';
import { formatUsd } from './format-usd.ts';

describe('formatUsd', () => {
  it.each([
    [undefined, 'unknown'],
    [0, '$0.00'],
    [0.0123, '$0.0123'],
    [0.012345, '$0.0123'],
    [0.5, '$0.50'],
    [0.1, '$0.10'],
    [0.012, '$0.012'],
    [0.000045, '$0.000045'],
    [0.0000012345, '$0.0000012'],
    [0.99999, '$1.00'],
    [1.2, '$1.20'],
    [1234.5, '$1,234.50'],
    [-0.5, '-$0.50'],
  ])('formats %s as %s', (usd, text) => {
    expect(formatUsd(usd)).toBe(text);
  });
});
