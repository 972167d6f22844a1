import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff-delay.ts';

describe('backoffDelay', () => {
  it('grows as the Fibonacci numbers for fibonacci', () => {
    const options = { type: 'fibonacci', initialMs: 100, maxMs: 100_000 } as const;
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffDelay(options, attempt, Math.random))).toEqual([
      100, 100, 200, 300, 500, 800, 1300,
    ]);
  });

  it('caps fibonacci, even past what a double holds', () => {
    const options = { type: 'fibonacci', initialMs: 1_000, maxMs: 30_000 } as const;
    expect(backoffDelay(options, 20, Math.random)).toBe(30_000);
    expect(backoffDelay(options, 5_000, Math.random)).toBe(30_000);
  });

  it('never leaves [0, maxMs], whatever the curve, attempt, jitter and random draw', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('exponential', 'linear', 'constant', 'fibonacci' as const),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.integer({ min: -5, max: 2_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        (type, initialMs, maxMs, attempt, jitter, draw) => {
          const delay = backoffDelay({ type, initialMs, maxMs, jitter }, attempt, () => draw);
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(maxMs);
        },
      ),
    );
  });
});
