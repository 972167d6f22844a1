import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.ts';

const perSecond = (capacity: number, now = 0): TokenBucket =>
  new TokenBucket({ capacity, refillPerMs: capacity / 1_000, now });

describe('TokenBucket', () => {
  it('starts full, refills continuously and never above the capacity', () => {
    const bucket = perSecond(100);
    expect(bucket.level(0)).toBe(100);
    bucket.take(100, 0);
    expect(bucket.level(250)).toBeCloseTo(25);
    expect(bucket.level(1_000)).toBeCloseTo(100);
    expect(bucket.level(60_000)).toBe(100);
    expect(new TokenBucket({ capacity: 10, refillPerMs: 1, now: 0, level: 50 }).level(0)).toBe(10);
  });

  it('does not go back in time', () => {
    const bucket = perSecond(100, 1_000);
    bucket.take(50, 1_000);
    expect(bucket.level(500)).toBe(50);
    expect(bucket.updatedAt).toBe(1_000);
  });

  it('gives back up to the capacity', () => {
    const bucket = perSecond(100);
    bucket.take(30, 0);
    bucket.give(50, 0);
    expect(bucket.level(0)).toBe(100);
  });

  it('tells how long until an amount is there', () => {
    const bucket = perSecond(100);
    expect(bucket.timeUntil(100, 0)).toBe(0);
    bucket.take(100, 0);
    expect(bucket.timeUntil(10, 0)).toBeCloseTo(100);
    expect(bucket.timeUntil(10, 100)).toBe(0);
    expect(new TokenBucket({ capacity: 5, refillPerMs: 0, now: 0, level: 0 }).timeUntil(1, 0)).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it('lets an amount above the capacity go once full, leaving a debt refill pays back', () => {
    const bucket = perSecond(100);
    bucket.take(10, 0);
    expect(bucket.timeUntil(250, 0)).toBeCloseTo(100);
    expect(bucket.timeUntil(250, 100)).toBe(0);
    bucket.take(250, 100);
    expect(bucket.level(100)).toBeCloseTo(-150);
    expect(bucket.timeUntil(1, 100)).toBeCloseTo(1_510);
    expect(bucket.timeUntilLevel(250, 100)).toBeCloseTo(4_000);
  });

  it('changes rate and capacity from now on', () => {
    const bucket = perSecond(100);
    bucket.take(100, 0);
    bucket.setRate(1, 50); // 5 tokens refilled at the old rate, then one a millisecond
    expect(bucket.level(60)).toBeCloseTo(15);
    bucket.setCapacity(10, 60);
    expect(bucket.level(60)).toBe(10);
    bucket.setCapacity(1_000, 60);
    expect(bucket.level(60)).toBe(10);
    expect(bucket.level(1_060)).toBe(1_000);
  });

  it('syncs down to a lower remaining and ignores a higher one', () => {
    const bucket = perSecond(100);
    bucket.syncDown(40, 0);
    expect(bucket.level(0)).toBe(40);
    bucket.syncDown(90, 0);
    expect(bucket.level(0)).toBe(40);
  });

  it('rejects amounts and settings that make no sense', () => {
    const bucket = perSecond(100);
    expect(() => bucket.take(-1, 0)).toThrow(RangeError);
    expect(() => bucket.give(Number.NaN, 0)).toThrow(RangeError);
    expect(() => bucket.setCapacity(0, 0)).toThrow(RangeError);
    expect(() => bucket.setRate(-1, 0)).toThrow(RangeError);
    expect(() => new TokenBucket({ capacity: Number.POSITIVE_INFINITY, refillPerMs: 1, now: 0 })).toThrow(
      RangeError,
    );
  });

  describe('refund', () => {
    it('gives back what was not used when nothing was lost at the cap', () => {
      const bucket = perSecond(100);
      const hold = bucket.reserve(60, 0);
      expect(bucket.refund(hold, 40, 10)).toBeCloseTo(40);
      expect(bucket.level(10)).toBeCloseTo(81); // 100 − 20 used + 1 refilled
    });

    it('does not hand out refill that was lost at the cap while the tokens were held', () => {
      const bucket = perSecond(100);
      const hold = bucket.reserve(100, 0); // estimate 100, will turn out to be 0
      bucket.level(1_000); // refilled to full
      bucket.take(100, 1_000); // another call takes everything
      expect(bucket.refund(hold, 100, 1_000)).toBe(0);
      expect(bucket.level(1_000)).toBeCloseTo(0);
    });

    it('gives back only part when part of the refill was lost', () => {
      const bucket = perSecond(100);
      bucket.take(80, 0); // 20
      const hold = bucket.reserve(50, 0); // −30
      // At 1 s: −30 + 100 − 40 = 30. Had the hold taken 0: 20 + 100 = 120, held at 100, − 40 = 60.
      bucket.take(40, 1_000);
      expect(bucket.refund(hold, 50, 1_000)).toBeCloseTo(30);
      expect(bucket.level(1_000)).toBeCloseTo(60);
    });

    it('forgets a handle after one refund', () => {
      const bucket = perSecond(100);
      const hold = bucket.reserve(50, 0);
      expect(bucket.refund(hold, 50, 0)).toBe(50);
      expect(bucket.refund(hold, 50, 0)).toBe(0);
      expect(bucket.level(0)).toBe(100);
    });

    it('is never above, and once all is refunded equals, a bucket that took the actual amounts at once', () => {
      const step = fc.record({
        kind: fc.constantFrom('reserve', 'refund', 'take', 'wait', 'sync', 'limit'),
        amount: fc.integer({ min: 0, max: 150 }),
        used: fc.double({ min: 0, max: 1, noNaN: true }),
        wait: fc.integer({ min: 0, max: 2_000 }),
        pick: fc.nat(),
      });
      fc.assert(
        fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
          const real = perSecond(100);
          const actual = perSecond(100);
          const open: { handle: number; amount: number; used: number }[] = [];
          let now = 0;
          for (const s of steps) {
            if (s.kind === 'wait') now += s.wait;
            else if (s.kind === 'reserve') {
              const used = Math.round(s.amount * s.used);
              open.push({ handle: real.reserve(s.amount, now), amount: s.amount, used });
              actual.take(used, now);
            } else if (s.kind === 'refund' && open.length > 0) {
              const [held] = open.splice(s.pick % open.length, 1);
              real.refund(held!.handle, held!.amount - held!.used, now);
            } else if (s.kind === 'take') {
              real.take(s.amount, now);
              actual.take(s.amount, now);
            } else if (s.kind === 'sync') {
              const remaining = Math.max(0, actual.level(now));
              real.syncDown(remaining, now);
            } else if (s.kind === 'limit') {
              for (const bucket of [real, actual]) {
                bucket.setRate((s.amount + 1) / 1_000, now);
                bucket.setCapacity(s.amount + 1, now);
              }
            }
            expect(real.level(now)).toBeLessThanOrEqual(actual.level(now) + 1e-6);
          }
          for (const held of open) real.refund(held.handle, held.amount - held.used, now);
          expect(real.level(now)).toBeCloseTo(actual.level(now), 6);
        }),
        { numRuns: 300 },
      );
    });
  });
});
