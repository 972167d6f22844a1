import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Clock, TimerHandle } from '../../spec/clock.ts';
import { manualClock } from '../../testing/manual-clock.ts';
import { createRateLimiter } from './create-rate-limiter.ts';

const MINUTE_MS = 60_000;

interface Grant {
  readonly index: number;
  readonly priority: number;
  readonly at: number;
  readonly tokens: number;
  readonly actual: number;
}

const scenario = fc.record({
  requestsPerMinute: fc.integer({ min: 1, max: 30 }),
  tokensPerMinute: fc.integer({ min: 100, max: 5_000 }),
  /** Reconcile to the estimate, or to a random smaller actual. */
  smallerActuals: fc.boolean(),
  arrivals: fc.array(
    fc.record({
      gap: fc.oneof(fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 0, max: 60_000 })),
      size: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(1)),
      priority: fc.integer({ min: 0, max: 2 }),
      hold: fc.integer({ min: 0, max: 120_000 }),
      used: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1)),
      abortAfter: fc.option(fc.integer({ min: 0, max: 30_000 }), { freq: 5 }),
    }),
    { minLength: 1, maxLength: 25 },
  ),
});

/**
 * A call holds all tokens for 70 s and uses none; meanwhile the bucket refills to full and a second call
 * takes everything. Giving the first call's tokens back naively would let a third call through at 70 s.
 */
const heldWhileFull = {
  requestsPerMinute: 30,
  tokensPerMinute: 100,
  smallerActuals: true,
  arrivals: [
    { gap: 0, size: 1, priority: 0, hold: 70_000, used: 0, abortAfter: null },
    { gap: 61_000, size: 1, priority: 0, hold: 0, used: 1, abortAfter: null },
    { gap: 0, size: 1, priority: 0, hold: 0, used: 1, abortAfter: null },
  ],
};

/** The manual clock, counting the timers the limiter itself has pending. */
function countingClock(clock: Clock): { clock: Clock; pending: () => number } {
  const live = new Set<TimerHandle>();
  return {
    pending: () => live.size,
    clock: {
      now: () => clock.now(),
      setTimeout(callback, delayMs) {
        const handle: TimerHandle = clock.setTimeout(() => {
          live.delete(handle);
          callback();
        }, delayMs);
        live.add(handle);
        return handle;
      },
      clearTimeout(handle) {
        live.delete(handle);
        clock.clearTimeout(handle);
      },
    },
  };
}

/** Whether `amounts` granted at `times` never exceed capacity + rate × (t2 − t1) over any [t1, t2]. */
function withinBucket(grants: readonly { at: number; amount: number }[], capacity: number): boolean {
  const sorted = [...grants].sort((a, b) => a.at - b.at);
  for (let first = 0; first < sorted.length; first++) {
    let sum = 0;
    for (let last = first; last < sorted.length; last++) {
      sum += sorted[last]!.amount;
      const allowed = capacity + (capacity / MINUTE_MS) * (sorted[last]!.at - sorted[first]!.at);
      if (sum > allowed + 1e-6 * (last - first + 1)) return false;
    }
  }
  return true;
}

describe('createRateLimiter, for any sequence of requests', () => {
  it('keeps within both buckets, serves each priority in arrival order, never deadlocks, and counts right', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ requestsPerMinute, tokensPerMinute, smallerActuals, arrivals }) => {
        const manual = manualClock(0);
        const { clock, pending } = countingClock(manual);
        const limiter = createRateLimiter({ key: 'p', clock, requestsPerMinute, tokensPerMinute });
        const grants: Grant[] = [];
        const refused = new Set<number>();
        const aborted = new Set<number>();

        const checkStats = (requests: number): void => {
          const stats = limiter.stats();
          expect(stats.granted + stats.rejected + stats.queueDepth).toBe(requests);
          expect(pending()).toBeLessThanOrEqual(1);
          if (stats.queueDepth === 0) expect(pending()).toBe(0);
        };

        for (const [index, arrival] of arrivals.entries()) {
          await manual.tick(arrival.gap);
          checkStats(index);
          const tokens = Math.max(1, Math.round(arrival.size * tokensPerMinute));
          const actual = smallerActuals ? Math.round(tokens * arrival.used) : tokens;
          const arrivedAt = manual.now();
          const controller = new AbortController();
          if (arrival.abortAfter !== null) {
            manual.setTimeout(() => {
              aborted.add(index);
              controller.abort();
            }, arrival.abortAfter);
          }
          const { priority } = arrival;
          limiter.acquire({ tokens, priority, signal: controller.signal }).then(
            (permit) => {
              grants.push({ index, priority, at: arrivedAt + permit.waitedMs, tokens, actual });
              manual.setTimeout(() => permit.reconcile(actual), arrival.hold);
            },
            () => refused.add(index),
          );
          checkStats(index + 1);
        }
        await manual.runAll();
        checkStats(arrivals.length);

        // (c) everyone was let through, except callers refused because they aborted while waiting.
        expect(grants.length + refused.size).toBe(arrivals.length);
        for (const index of refused) expect(aborted.has(index)).toBe(true);
        expect(limiter.stats()).toMatchObject({
          granted: grants.length,
          rejected: refused.size,
          queueDepth: 0,
        });

        // (a) over every interval, both buckets' limits hold; tokens counted as actually used, at grant.
        expect(
          withinBucket(
            grants.map((grant) => ({ at: grant.at, amount: 1 })),
            requestsPerMinute,
          ),
        ).toBe(true);
        expect(
          withinBucket(
            grants.map((grant) => ({ at: grant.at, amount: grant.actual })),
            tokensPerMinute,
          ),
        ).toBe(true);

        // (b) within a priority, grants come in arrival order, and time never runs backwards.
        for (let index = 1; index < grants.length; index++) {
          expect(grants[index]!.at).toBeGreaterThanOrEqual(grants[index - 1]!.at);
        }
        for (const priority of [0, 1, 2]) {
          const indices = grants.filter((grant) => grant.priority === priority).map((grant) => grant.index);
          expect(indices).toEqual([...indices].sort((a, b) => a - b));
        }
      }),
      { numRuns: 200, examples: [[heldWhileFull]] },
    );
  });
});
