import { describe, expect, it } from 'vitest';
import { RateLimited } from '../../errors/policy-errors.ts';
import { type ManualClock, manualClock } from '../../testing/manual-clock.ts';
import type { PolicyEvent } from '../policy-event.ts';
import { type CreateRateLimiterOptions, createRateLimiter } from './create-rate-limiter.ts';
import type { RateLimiter, RatePermit } from './rate-limiter.ts';

interface Outcome {
  permit?: RatePermit;
  error?: unknown;
  at?: number;
}

/** A limiter on a manual clock, with its events and a log of who was let through when. */
function setup(options: Omit<CreateRateLimiterOptions, 'key' | 'clock' | 'onEvent'>) {
  const clock = manualClock(0);
  const events: PolicyEvent[] = [];
  const limiter = createRateLimiter({ key: 'test/model', clock, onEvent: (e) => events.push(e), ...options });
  const order: string[] = [];
  const track = (name: string, promise: Promise<RatePermit>): Outcome => {
    const outcome: Outcome = {};
    promise.then(
      (permit) => {
        outcome.permit = permit;
        outcome.at = clock.now();
        order.push(name);
      },
      (error: unknown) => {
        outcome.error = error;
        outcome.at = clock.now();
      },
    );
    return outcome;
  };
  return { clock, events, limiter, order, track };
}

/** Takes every token of a 600-per-minute bucket (10 a second) and reconciles, so nothing can come back. */
async function drain(limiter: RateLimiter, tokens = 600): Promise<void> {
  const permit = await limiter.acquire({ tokens });
  permit.reconcile(tokens);
}

const tick = (clock: ManualClock, ms: number) => clock.tick(ms);

describe('createRateLimiter', () => {
  it('with no limits, resolves at once with one shared promise and no timer', async () => {
    const { clock, limiter, events } = setup({});
    const first = limiter.acquire({ tokens: 1_000_000 });
    const second = limiter.acquire({ tokens: 5, priority: 3 });
    expect(first).toBe(second);
    expect((await first).waitedMs).toBe(0);
    (await first).reconcile(10);
    expect(clock.pendingTimers()).toBe(0);
    expect(limiter.stats()).toEqual({ queueDepth: 0, granted: 2, rejected: 0, totalWaitMs: 0, maxWaitMs: 0 });
    expect(events).toEqual([]);
  });

  it('lets callers through at once while the buckets have room', async () => {
    const { limiter, events } = setup({ requestsPerMinute: 3, tokensPerMinute: 600 });
    for (let index = 0; index < 3; index++) expect((await limiter.acquire({ tokens: 200 })).waitedMs).toBe(0);
    expect(limiter.stats().granted).toBe(3);
    expect(events).toEqual([]);
  });

  it('lets waiting callers through first come, first served, as tokens refill', async () => {
    const { clock, limiter, order, track, events } = setup({ tokensPerMinute: 600 });
    await drain(limiter);
    const a = track('a', limiter.acquire({ tokens: 100 }));
    const b = track('b', limiter.acquire({ tokens: 100 }));
    const c = track('c', limiter.acquire({ tokens: 100 }));
    expect(limiter.stats().queueDepth).toBe(3);
    await tick(clock, 9_999);
    expect(order).toEqual([]);
    await tick(clock, 1);
    expect(order).toEqual(['a']);
    await tick(clock, 20_000);
    expect(order).toEqual(['a', 'b', 'c']);
    expect([a.at, b.at, c.at]).toEqual([10_000, 20_000, 30_000]);
    expect([a.permit?.waitedMs, b.permit?.waitedMs, c.permit?.waitedMs]).toEqual([10_000, 20_000, 30_000]);
    expect(events.filter((e) => e.type === 'rate-limit-wait')).toEqual([
      { type: 'rate-limit-wait', at: 10_000, key: 'test/model', waitedMs: 10_000, queueDepth: 2 },
      { type: 'rate-limit-wait', at: 20_000, key: 'test/model', waitedMs: 20_000, queueDepth: 1 },
      { type: 'rate-limit-wait', at: 30_000, key: 'test/model', waitedMs: 30_000, queueDepth: 0 },
    ]);
    expect(limiter.stats()).toEqual({
      queueDepth: 0,
      granted: 4,
      rejected: 0,
      totalWaitMs: 60_000,
      maxWaitMs: 30_000,
    });
  });

  it('serves higher priorities first, FIFO within a priority', async () => {
    const { clock, limiter, order, track } = setup({ requestsPerMinute: 60 });
    for (let index = 0; index < 60; index++) await limiter.acquire({ tokens: 0 });
    track('low-1', limiter.acquire({ tokens: 0 }));
    track('high-1', limiter.acquire({ tokens: 0, priority: 5 }));
    track('mid', limiter.acquire({ tokens: 0, priority: 1 }));
    track('low-2', limiter.acquire({ tokens: 0 }));
    track('high-2', limiter.acquire({ tokens: 0, priority: 5 }));
    await tick(clock, 5_000);
    expect(order).toEqual(['high-1', 'high-2', 'mid', 'low-1', 'low-2']);
  });

  it('never lets a later, smaller caller overtake the head', async () => {
    const { clock, limiter, order, track } = setup({ tokensPerMinute: 600 });
    await drain(limiter);
    const big = track('big', limiter.acquire({ tokens: 500 }));
    const small = track('small', limiter.acquire({ tokens: 10 }));
    await tick(clock, 49_999);
    expect(order).toEqual([]);
    await tick(clock, 1);
    expect(order).toEqual(['big']);
    await tick(clock, 1_000);
    expect(order).toEqual(['big', 'small']);
    expect([big.at, small.at]).toEqual([50_000, 51_000]);
  });

  it('lets a request larger than the capacity through once the bucket is full, and the debt delays the next', async () => {
    const { clock, limiter, track } = setup({ tokensPerMinute: 600 });
    expect((await limiter.acquire({ tokens: 1_000 })).waitedMs).toBe(0);
    const next = track('next', limiter.acquire({ tokens: 10 }));
    await tick(clock, 40_999);
    expect(next.at).toBeUndefined();
    await tick(clock, 1);
    expect(next.at).toBe(41_000);
  });

  it('gives up the place of a caller whose signal aborts, and wakes the next', async () => {
    const { clock, limiter, order, track, events } = setup({ tokensPerMinute: 600 });
    await drain(limiter);
    const controller = new AbortController();
    const first = track('first', limiter.acquire({ tokens: 300, signal: controller.signal }));
    const second = track('second', limiter.acquire({ tokens: 100 }));
    await tick(clock, 2_000);
    controller.abort(new Error('user cancelled'));
    await tick(clock, 0);
    expect((first.error as Error).message).toBe('user cancelled');
    expect(limiter.stats().queueDepth).toBe(1);
    expect(events.at(-1)).toEqual({
      type: 'rate-limit-wait',
      at: 2_000,
      key: 'test/model',
      waitedMs: 2_000,
      queueDepth: 1,
    });
    await tick(clock, 8_000);
    expect(order).toEqual(['second']);
    expect(second.at).toBe(10_000);
    expect(limiter.stats()).toMatchObject({ granted: 2, rejected: 1, queueDepth: 0 });
  });

  it('refuses a caller whose signal has already aborted', async () => {
    const { limiter } = setup({ tokensPerMinute: 600 });
    const reason = new Error('too late');
    await expect(limiter.acquire({ tokens: 1, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(limiter.stats().rejected).toBe(1);
  });

  it('refuses at once a caller certain to wait longer than maxWaitMs', async () => {
    const { clock, limiter, events } = setup({ requestsPerMinute: 60, maxWaitMs: 500 });
    for (let index = 0; index < 60; index++) await limiter.acquire({ tokens: 0 });
    const error = await limiter.acquire({ tokens: 0 }).catch((caught: unknown) => caught);
    expect(RateLimited.isRateLimited(error)).toBe(true);
    expect(error).toMatchObject({ key: 'test/model', waitedMs: 0, maxWaitMs: 500, retryAfterMs: 1_000 });
    expect(events.at(-1)).toMatchObject({ type: 'rate-limit-wait', waitedMs: 0 });
    // The call's own bound wins over the limiter's.
    const patient = limiter.acquire({ tokens: 0, maxWaitMs: 1_000 });
    await tick(clock, 1_000);
    expect((await patient).waitedMs).toBe(1_000);
    expect(limiter.stats()).toMatchObject({ granted: 61, rejected: 1, queueDepth: 0 });
  });

  it('counts the callers ahead that cannot leave when deciding a wait is certain', async () => {
    const { limiter, track } = setup({ tokensPerMinute: 600 });
    await drain(limiter);
    track('ahead', limiter.acquire({ tokens: 300 })); // 30 s, and it cannot give up
    const leaving = new AbortController();
    track('may-leave', limiter.acquire({ tokens: 300, signal: leaving.signal }));
    // Behind 300 certain tokens it needs 40 s; the one that may leave is not counted.
    await expect(limiter.acquire({ tokens: 100, maxWaitMs: 39_999 })).rejects.toMatchObject({
      retryAfterMs: 40_000,
    });
    expect(limiter.stats().queueDepth).toBe(2);
  });

  it('does not refuse at once when calls in flight could still give tokens back', async () => {
    const { clock, limiter, track } = setup({ tokensPerMinute: 600 });
    const inFlight = await limiter.acquire({ tokens: 600 });
    const waiting = track('waiting', limiter.acquire({ tokens: 100, maxWaitMs: 5_000 }));
    expect(limiter.stats().queueDepth).toBe(1);
    await tick(clock, 1_000);
    inFlight.reconcile(100);
    await tick(clock, 0);
    expect(waiting.at).toBe(1_000);
  });

  it('refuses a waiting caller when its deadline passes', async () => {
    const { clock, limiter, order, track } = setup({ tokensPerMinute: 600 });
    await drain(limiter);
    const controller = new AbortController();
    const first = track('first', limiter.acquire({ tokens: 300, signal: controller.signal }));
    const impatient = track('impatient', limiter.acquire({ tokens: 10, maxWaitMs: 5_000 }));
    await tick(clock, 4_999);
    expect(impatient.error).toBeUndefined();
    await tick(clock, 1);
    expect(RateLimited.isRateLimited(impatient.error)).toBe(true);
    expect(impatient.error).toMatchObject({ waitedMs: 5_000, maxWaitMs: 5_000, retryAfterMs: undefined });
    expect(impatient.at).toBe(5_000);
    await tick(clock, 25_000);
    expect(order).toEqual(['first']);
    expect(first.at).toBe(30_000);
    expect(limiter.stats()).toMatchObject({ granted: 2, rejected: 1, queueDepth: 0 });
  });

  it('lets a caller through when it can go exactly at its deadline', async () => {
    const { clock, limiter, track } = setup({ tokensPerMinute: 600 });
    await drain(limiter);
    const exact = track('exact', limiter.acquire({ tokens: 100, maxWaitMs: 10_000 }));
    await tick(clock, 10_000);
    expect(exact.permit?.waitedMs).toBe(10_000);
  });

  it('reconciles once: gives back what was not used, takes what was used beyond the estimate', async () => {
    const { clock, limiter, track } = setup({ tokensPerMinute: 600 });
    const permit = await limiter.acquire({ tokens: 600 });
    permit.reconcile(100);
    permit.reconcile(0); // ignored
    expect((await limiter.acquire({ tokens: 500 })).waitedMs).toBe(0);

    await tick(clock, 60_000);
    const under = await limiter.acquire({ tokens: 100 });
    under.reconcile(400); // 300 more taken: 200 left
    const next = track('next', limiter.acquire({ tokens: 300 }));
    await tick(clock, 9_999);
    expect(next.at).toBeUndefined();
    await tick(clock, 1);
    expect(next.at).toBe(70_000);
  });

  it('wakes the queue when a reconcile gives tokens back', async () => {
    const { clock, limiter, track } = setup({ tokensPerMinute: 600 });
    const permit = await limiter.acquire({ tokens: 600 });
    const waiting = track('waiting', limiter.acquire({ tokens: 300 }));
    await tick(clock, 1_000);
    permit.reconcile(0);
    await tick(clock, 0);
    expect(waiting.at).toBe(1_000);
  });

  it('does not give back refill that was lost while the bucket sat full', async () => {
    const { clock, limiter, track } = setup({ tokensPerMinute: 600 });
    const slow = await limiter.acquire({ tokens: 600 }); // held for 2 minutes, will use nothing
    await tick(clock, 120_000);
    await drain(limiter); // full again: a second call takes everything
    slow.reconcile(0);
    // Had the slow call taken 0, the bucket would have been full and the second call emptied it.
    const next = track('next', limiter.acquire({ tokens: 100 }));
    await tick(clock, 9_999);
    expect(next.at).toBeUndefined();
    await tick(clock, 1);
    expect(next.at).toBe(130_000);
  });

  it('lets nothing through before a pause ends, limits or not', async () => {
    for (const options of [{}, { requestsPerMinute: 1_000 }]) {
      const { clock, limiter, track } = setup(options);
      limiter.pauseUntil(5_000);
      limiter.pauseUntil(1_000); // an earlier end does not shorten it
      const paused = track('paused', limiter.acquire({ tokens: 1 }));
      await tick(clock, 4_999);
      expect(paused.at).toBeUndefined();
      await tick(clock, 1);
      expect(paused.permit?.waitedMs).toBe(5_000);
      expect((await limiter.acquire({ tokens: 1 })).waitedMs).toBe(0);
    }
  });

  it('refuses at once a caller whose maxWaitMs ends before the pause', async () => {
    const { limiter } = setup({});
    limiter.pauseUntil(10_000);
    await expect(limiter.acquire({ tokens: 1, maxWaitMs: 9_000 })).rejects.toMatchObject({
      retryAfterMs: 10_000,
    });
  });

  it('keeps at most one timer, and none once the queue is empty', async () => {
    const { clock, limiter, track } = setup({ tokensPerMinute: 600 });
    await drain(limiter);
    const controllers = [new AbortController(), new AbortController(), new AbortController()];
    controllers.forEach((controller, index) => {
      track(
        `c${index}`,
        limiter.acquire({ tokens: 100, signal: controller.signal, maxWaitMs: 60_000 + index }),
      );
    });
    expect(clock.pendingTimers()).toBe(1);
    await tick(clock, 10_000);
    expect(clock.pendingTimers()).toBe(1);
    for (const controller of controllers) controller.abort();
    expect(clock.pendingTimers()).toBe(0);
    expect(limiter.stats()).toMatchObject({ granted: 2, rejected: 2, queueDepth: 0 });
  });

  it('keeps working when a listener throws', async () => {
    const clock = manualClock(0);
    const limiter = createRateLimiter({
      key: 'k',
      clock,
      tokensPerMinute: 600,
      onEvent: () => {
        throw new Error('bad listener');
      },
    });
    await drain(limiter);
    const waiting = limiter.acquire({ tokens: 10 });
    await tick(clock, 1_000);
    expect((await waiting).waitedMs).toBe(1_000);
  });

  it('rejects bad options and bad requests', async () => {
    expect(() => createRateLimiter({ key: 'k', requestsPerMinute: 0 })).toThrow(TypeError);
    expect(() => createRateLimiter({ key: 'k', tokensPerMinute: Number.NaN })).toThrow(TypeError);
    expect(() => createRateLimiter({ key: 'k', maxWaitMs: -1 })).toThrow(TypeError);
    const limiter = createRateLimiter({ key: 'k', requestsPerMinute: Number.POSITIVE_INFINITY });
    expect(limiter.limits()).toEqual({});
    await expect(limiter.acquire({ tokens: -1 })).rejects.toThrow(RangeError);
    await expect(limiter.acquire({ tokens: Number.NaN })).rejects.toThrow(RangeError);
    await expect(limiter.acquire({ tokens: 1, maxWaitMs: -5 })).rejects.toThrow(RangeError);
  });

  describe('learning', () => {
    it('creates buckets from observed limits, syncs down to remaining and reports the change', async () => {
      const { clock, limiter, events, track } = setup({ learn: true });
      expect(limiter.limits()).toEqual({});
      limiter.observe({
        requests: { limit: 60, remaining: 0 },
        tokens: { limit: 100_000, remaining: 90_000 },
      });
      expect(limiter.limits()).toEqual({ requestsPerMinute: 60, tokensPerMinute: 100_000 });
      expect(events).toEqual([
        {
          type: 'rate-limit-learned',
          at: 0,
          key: 'test/model',
          requestsPerMinute: 60,
          tokensPerMinute: 100_000,
        },
      ]);
      const next = track('next', limiter.acquire({ tokens: 10 }));
      await tick(clock, 999);
      expect(next.at).toBeUndefined();
      await tick(clock, 1);
      expect(next.at).toBe(1_000);

      limiter.observe({ requests: { limit: 60, remaining: 59 } });
      expect(events.filter((e) => e.type === 'rate-limit-learned')).toHaveLength(1);
      limiter.observe({ requests: { limit: 120 } });
      expect(events.at(-1)).toMatchObject({ requestsPerMinute: 120, tokensPerMinute: 100_000 });
    });

    it('takes a higher remaining as no news', async () => {
      const { limiter, track } = setup({ learn: true });
      limiter.observe({ tokens: { limit: 600 } });
      await limiter.acquire({ tokens: 500 });
      limiter.observe({ tokens: { limit: 600, remaining: 600 } });
      const next = track('next', limiter.acquire({ tokens: 200 }));
      await Promise.resolve();
      expect(next.at).toBeUndefined();
    });

    it('lets the stricter of declared and learned limits win', async () => {
      const { clock, limiter, track } = setup({ learn: true, requestsPerMinute: 30, tokensPerMinute: 1_000 });
      limiter.observe({ requests: { limit: 60 }, tokens: { limit: 600 } });
      expect(limiter.limits()).toEqual({ requestsPerMinute: 30, tokensPerMinute: 600 });
      await limiter.acquire({ tokens: 600 }); // empties the learned token bucket, not the declared one
      const next = track('next', limiter.acquire({ tokens: 10 }));
      await tick(clock, 999);
      expect(next.at).toBeUndefined();
      await tick(clock, 1);
      expect(next.at).toBe(1_000);
    });

    it('applies a remaining to declared buckets too', async () => {
      const { limiter, track } = setup({ learn: true, tokensPerMinute: 600 });
      limiter.observe({ tokens: { remaining: 50 } });
      expect(limiter.limits()).toEqual({ tokensPerMinute: 600 });
      const next = track('next', limiter.acquire({ tokens: 100 }));
      await Promise.resolve();
      expect(next.at).toBeUndefined();
    });

    it('applies a remaining with learning off, without adopting the limit', async () => {
      const { clock, limiter, track, events } = setup({ tokensPerMinute: 600 });
      limiter.observe({ tokens: { limit: 100_000, remaining: 50 } });
      expect(limiter.limits()).toEqual({ tokensPerMinute: 600 });
      expect(events.filter((event) => event.type === 'rate-limit-learned')).toEqual([]);
      // 50 left, 100 wanted: 50 more at 10 tokens a second take 5 s.
      const next = track('next', limiter.acquire({ tokens: 100 }));
      await tick(clock, 4_999);
      expect(next.at).toBeUndefined();
      await tick(clock, 1);
      expect(next.at).toBe(5_000);
    });

    it('combines input and output token readings into the smaller one when total tokens are absent', () => {
      const { limiter } = setup({ learn: true });
      limiter.observe({ inputTokens: { limit: 40_000 }, outputTokens: { limit: 8_000 } });
      expect(limiter.limits()).toEqual({ tokensPerMinute: 8_000 });
      limiter.observe({ tokens: { limit: 50_000 }, inputTokens: { limit: 1 } });
      expect(limiter.limits()).toEqual({ tokensPerMinute: 50_000 });
    });

    it('pauses on retryAfterMs', async () => {
      const { clock, limiter, track } = setup({ learn: true });
      clock.set(1_000);
      limiter.observe({ retryAfterMs: 3_000 });
      const paused = track('paused', limiter.acquire({ tokens: 1 }));
      await tick(clock, 2_999);
      expect(paused.at).toBeUndefined();
      await tick(clock, 1);
      expect(paused.at).toBe(4_000);
    });

    it('with learn off, ignores limits but still honours retryAfterMs', async () => {
      const { clock, limiter, events, track } = setup({});
      limiter.observe({ requests: { limit: 1, remaining: 0 }, retryAfterMs: 2_000 });
      expect(limiter.limits()).toEqual({});
      expect(events).toEqual([]);
      const paused = track('paused', limiter.acquire({ tokens: 1 }));
      await tick(clock, 2_000);
      expect(paused.at).toBe(2_000);
    });

    it('ignores readings that make no sense', () => {
      const { limiter, events } = setup({ learn: true });
      limiter.observe({
        requests: { limit: 0, remaining: -1 },
        tokens: { limit: Number.NaN },
        retryAfterMs: Number.NaN,
      });
      expect(limiter.limits()).toEqual({});
      expect(events).toEqual([]);
    });
  });
});
