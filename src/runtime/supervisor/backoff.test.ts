import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../policy/retry/backoff-delay.ts';
import { RestartBackoff } from './backoff.ts';
import type { BackoffOptions } from './supervision-types.ts';

const exponential: BackoffOptions = { type: 'exponential', initialMs: 1_000, maxMs: 30_000 };
const never = (): number => {
  throw new Error('random() must not be called without jitter');
};

const options: fc.Arbitrary<BackoffOptions> = fc
  .record({
    type: fc.constantFrom('exponential' as const, 'linear' as const, 'constant' as const),
    initialMs: fc.nat({ max: 100_000 }),
    extra: fc.nat({ max: 1_000_000 }),
    multiplier: fc.double({ min: 1, max: 10, noNaN: true }),
    jitter: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ extra, initialMs, ...rest }) => ({ ...rest, initialMs, maxMs: initialMs + extra }));
const attempt = fc.integer({ min: 1, max: 2_000 });
const random = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe('backoffDelay', () => {
  it('grows exponentially, linearly or not at all, up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(exponential, n, never))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000,
    ]);
    expect([1, 2, 3].map((n) => backoffDelay({ ...exponential, multiplier: 3 }, n, never))).toEqual([
      1_000, 3_000, 9_000,
    ]);
    expect([1, 2, 3].map((n) => backoffDelay({ ...exponential, type: 'linear' }, n, never))).toEqual([
      1_000, 2_000, 3_000,
    ]);
    expect([1, 9].map((n) => backoffDelay({ ...exponential, type: 'constant' }, n, never))).toEqual([
      1_000, 1_000,
    ]);
  });

  it('spreads by jitter around the delay, and never past the cap', () => {
    const jittered = { ...exponential, jitter: 0.2 };
    expect(backoffDelay(jittered, 1, () => 0)).toBe(800);
    expect(backoffDelay(jittered, 1, () => 0.5)).toBe(1_000);
    expect(backoffDelay(jittered, 1, () => 0.999_999)).toBe(1_200);
    expect(backoffDelay(jittered, 20, () => 0.999_999)).toBe(30_000);
  });

  it('survives huge attempts and a zero initial delay', () => {
    expect(backoffDelay(exponential, 100_000, never)).toBe(30_000);
    expect(backoffDelay({ ...exponential, initialMs: 0 }, 100_000, never)).toBe(0);
    expect(backoffDelay(exponential, 0, never)).toBe(1_000);
  });

  it('is a whole number within [0, maxMs]', () => {
    fc.assert(
      fc.property(options, attempt, random, (backoff, n, value) => {
        const delay = backoffDelay(backoff, n, () => value);
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(backoff.maxMs);
      }),
    );
  });

  it('never decreases from one attempt to the next without jitter', () => {
    fc.assert(
      fc.property(options, attempt, (backoff, n) => {
        const steady = { ...backoff, jitter: 0 };
        expect(backoffDelay(steady, n + 1, never)).toBeGreaterThanOrEqual(backoffDelay(steady, n, never));
      }),
    );
  });

  it('stays within jitter of the steady delay', () => {
    fc.assert(
      fc.property(options, attempt, random, (backoff, n, value) => {
        const steady = backoffDelay({ ...backoff, jitter: 0 }, n, never);
        const delay = backoffDelay(backoff, n, () => value);
        const spread = steady * (backoff.jitter ?? 0);
        // Both delays are rounded, so they may each be half a millisecond off.
        expect(delay).toBeGreaterThanOrEqual(Math.floor(steady - spread - 1));
        expect(delay).toBeLessThanOrEqual(Math.min(backoff.maxMs, Math.ceil(steady + spread + 1)));
      }),
    );
  });
});

describe('RestartBackoff', () => {
  it('counts restarts and grows the delay while the child keeps failing soon after starting', () => {
    const backoff = new RestartBackoff(exponential, { defaultResetAfterMs: 5_000 });
    expect(backoff.next(0, 0)).toBe(1_000);
    expect(backoff.next(1_100, 1_000)).toBe(2_000);
    expect(backoff.next(3_200, 3_100)).toBe(4_000);
    expect(backoff.attempts).toBe(3);
  });

  it('starts again from the first delay once the child ran for resetAfterMs', () => {
    const backoff = new RestartBackoff(
      { ...exponential, resetAfterMs: 10_000 },
      { defaultResetAfterMs: 5_000 },
    );
    backoff.next(0, 0);
    backoff.next(1_100, 1_000);
    expect(backoff.next(13_000, 3_100)).toBe(4_000);
    expect(backoff.next(27_000, 17_000)).toBe(1_000);
    expect(backoff.attempts).toBe(1);
  });

  it('does not count the delay as running time when no start time is given', () => {
    const backoff = new RestartBackoff({ ...exponential, maxMs: 60_000 }, { defaultResetAfterMs: 5_000 });
    const delays: number[] = [];
    let now = 0;
    for (let failure = 0; failure < 6; failure += 1) {
      const delay = backoff.next(now);
      delays.push(delay);
      now += delay + 100;
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000]);
    expect(backoff.next(now + 5_000)).toBe(1_000);
  });

  it('gives 0 without backoff options, and uses the injected random', () => {
    expect(new RestartBackoff(undefined, { defaultResetAfterMs: 5_000 }).next(0)).toBe(0);
    const jittered = new RestartBackoff(
      { ...exponential, jitter: 0.5 },
      { defaultResetAfterMs: 5_000, random: () => 0 },
    );
    expect(jittered.next(0)).toBe(500);
  });

  it('resets exactly when a child has run resetAfterMs, whatever came before', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ ran: fc.nat({ max: 20_000 }), pause: fc.nat({ max: 60_000 }) }), {
          maxLength: 30,
        }),
        fc.nat({ max: 20_000 }),
        (failures, resetAfterMs) => {
          const backoff = new RestartBackoff({ ...exponential, resetAfterMs }, { defaultResetAfterMs: 1 });
          let now = 0;
          let expected = 0;
          for (const { ran, pause } of failures) {
            const startedAt = now + pause;
            now = startedAt + ran;
            expected = ran >= resetAfterMs ? 1 : expected + 1;
            expect(backoff.next(now, startedAt)).toBe(backoffDelay(exponential, expected, never));
            expect(backoff.attempts).toBe(expected);
          }
        },
      ),
    );
  });
});
