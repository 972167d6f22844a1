import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/testing/fixture-server/token-bucket.ts';

describe('TokenBucket', () => {
  it('starts full, holds at most its per-minute figure and refills continuously', () => {
    const bucket = new TokenBucket(60, 0);
    expect(bucket.state(0)).toEqual({ limit: 60, remaining: 60, fullInMs: 0 });

    bucket.take(60, 0);
    expect(bucket.state(0)).toEqual({ limit: 60, remaining: 0, fullInMs: 60_000 });
    expect(bucket.waitMs(1, 0)).toBe(1_000);
    expect(bucket.state(1_500)).toEqual({ limit: 60, remaining: 1, fullInMs: 58_500 });
    expect(bucket.waitMs(1, 1_500)).toBe(0);
    expect(bucket.state(600_000)).toEqual({ limit: 60, remaining: 60, fullInMs: 0 });
  });

  it('rounds remaining down and takes fractions of the refill into account', () => {
    const bucket = new TokenBucket(3, 0);
    bucket.take(3, 0);

    expect(bucket.state(30_000).remaining).toBe(1);
    expect(bucket.waitMs(2, 30_000)).toBe(10_000);
    expect(bucket.state(40_000).remaining).toBe(2);
  });

  it('does not drain when the clock goes backwards', () => {
    const bucket = new TokenBucket(10, 100_000);
    bucket.take(5, 100_000);

    expect(bucket.state(50_000).remaining).toBe(5);
    expect(bucket.state(106_000).remaining).toBe(6);
  });

  it('refuses limits that are not positive numbers', () => {
    expect(() => new TokenBucket(0, 0)).toThrow(RangeError);
    expect(() => new TokenBucket(-5, 0)).toThrow(RangeError);
    expect(() => new TokenBucket(Number.NaN, 0)).toThrow(RangeError);
  });

  it('never lets more through than the capacity plus what refilled since the start', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        fc.array(
          fc.record({ afterMs: fc.integer({ min: 0, max: 20_000 }), cost: fc.integer({ min: 0, max: 50 }) }),
          {
            maxLength: 60,
          },
        ),
        (perMinute, attempts) => {
          const bucket = new TokenBucket(perMinute, 0);
          let now = 0;
          let taken = 0;
          for (const { afterMs, cost } of attempts) {
            now += afterMs;
            if (bucket.waitMs(cost, now) > 0) continue;
            bucket.take(cost, now);
            taken += cost;
          }
          expect(taken).toBeLessThanOrEqual(perMinute + (now * perMinute) / 60_000 + 1e-6);
          const state = bucket.state(now);
          expect(state.remaining).toBeGreaterThanOrEqual(0);
          expect(state.remaining).toBeLessThanOrEqual(perMinute);
        },
      ),
    );
  });
});
