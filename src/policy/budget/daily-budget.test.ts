import { describe, expect, it } from 'vitest';
import { manualClock } from '../../testing/manual-clock.ts';
import type { PolicyEvent } from '../policy-event.ts';
import { memoryBudgetLedger } from './budget-ledger.ts';
import { createBudget } from './create-budget.ts';
import { dailyBudget, dailyScopeId } from './daily-budget.ts';

const JAN_1 = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;

describe('dailyBudget', () => {
  it('is named after the current UTC day', () => {
    const clock = manualClock(JAN_1 + 23 * HOUR);
    const today = dailyBudget({ limitUsd: 20, clock });
    expect(today.name).toBe('daily:2026-01-01');
    expect(today.child('run:42').path).toBe('daily:2026-01-01/run:42');
    expect(today.parent).toBeUndefined();
    clock.advance(HOUR);
    expect(today.name).toBe('daily:2026-01-02');
    expect(dailyScopeId(JAN_1 - 1)).toBe('daily:2025-12-31');
  });

  it('keeps settled spend in the ledger under the day, and starts each day from the ledger', async () => {
    const clock = manualClock(JAN_1 + 12 * HOUR);
    const ledger = memoryBudgetLedger();
    const today = dailyBudget({ limitUsd: 1, ledger, clock });
    (await today.reserve('a', 0.5)).settle(0.4);
    expect(ledger.spentOf('daily:2026-01-01')).toBe(400_000_000);
    expect(today.used()).toBe(0.4);
    expect(today.remaining()).toBe(0.6);
    await expect(today.reserve('b', 0.7)).rejects.toMatchObject({ scope: 'daily:2026-01-01' });

    clock.advance(12 * HOUR);
    expect(today.used()).toBe(0);
    expect(today.remaining()).toBe(1);
    (await today.reserve('b', 0.7)).settle(0.7);
    expect(ledger.spentOf('daily:2026-01-01')).toBe(400_000_000);
    expect(ledger.spentOf('daily:2026-01-02')).toBe(700_000_000);
  });

  it('goes on from the ledger’s figure after a restart, without alerting again', async () => {
    const clock = manualClock(JAN_1);
    const ledger = memoryBudgetLedger();
    ledger.add('daily:2026-01-01', 800_000_000);
    const events: PolicyEvent[] = [];
    const today = dailyBudget({ limitUsd: 1, ledger, clock, onEvent: (event) => events.push(event) });
    expect(today.used()).toBe(0.8);
    await expect(today.reserve('a', 0.3)).rejects.toMatchObject({ spentUsd: 0.8 });
    (await today.reserve('b', 0.1)).settle(0.1);
    expect(events.filter((event) => event.type === 'budget-threshold')).toMatchObject([{ threshold: 0.9 }]);
  });

  it('re-arms its alerts every day', async () => {
    const clock = manualClock(JAN_1);
    const thresholds: Array<[string, number]> = [];
    const today = dailyBudget({
      limitUsd: 1,
      alerts: [0.5],
      clock,
      onEvent: (event) => {
        if (event.type === 'budget-threshold') thresholds.push([event.scope, event.threshold]);
      },
    });
    (await today.reserve('a', 0.6)).settle(0.6);
    (await today.reserve('b', 0.1)).settle(0.1);
    clock.advance(24 * HOUR);
    (await today.reserve('c', 0.6)).settle(0.6);
    expect(thresholds).toEqual([
      ['daily:2026-01-01', 0.5],
      ['daily:2026-01-02', 0.5],
    ]);
  });

  it('a call paused by the day’s limit goes on at midnight', async () => {
    const clock = manualClock(JAN_1 + 22 * HOUR);
    const events: PolicyEvent[] = [];
    const today = dailyBudget({
      limitUsd: 1,
      onExceed: 'pause',
      clock,
      onEvent: (event) => events.push(event),
    });
    (await today.reserve('a', 1)).settle(1);
    let resumed = false;
    const waiting = today.reserve('b', 0.5).then((hold) => {
      resumed = true;
      return hold;
    });
    expect(clock.pendingTimers()).toBe(1);
    await clock.tick(2 * HOUR - 1);
    expect(resumed).toBe(false);
    await clock.tick(1);
    const hold = await waiting;
    expect(hold.state).toBe('held');
    expect(today.name).toBe('daily:2026-01-02');
    expect(events.at(-1)).toEqual({
      type: 'budget-resumed',
      at: JAN_1 + 24 * HOUR,
      scope: 'daily:2026-01-01',
      waitedMs: 2 * HOUR,
    });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('clears its midnight timer when nobody waits any more', async () => {
    const clock = manualClock(JAN_1);
    const today = dailyBudget({ limitUsd: 1, onExceed: 'pause', clock });
    const first = await today.reserve('a', 1);
    const controller = new AbortController();
    const waiting = today.reserve('b', 0.5, { signal: controller.signal });
    const other = today.reserve('c', 0.5);
    expect(clock.pendingTimers()).toBe(1);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(clock.pendingTimers()).toBe(1);
    first.release();
    await other;
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('createBudget with a ledger', () => {
  it('keeps the root’s settled spend under its name', async () => {
    const ledger = memoryBudgetLedger();
    const run = createBudget({ name: 'run-42', limitUsd: 1, ledger });
    (await run.child('agent').reserve('a', 0.5)).settle(0.25);
    expect(ledger.spentOf('run-42')).toBe(250_000_000);
    const resumed = createBudget({ name: 'run-42', limitUsd: 1, ledger });
    expect(resumed.used()).toBe(0.25);
    expect(resumed.remaining()).toBe(0.75);
  });
});

describe('memoryBudgetLedger', () => {
  it('adds whole nano-dollars per scope id', () => {
    const ledger = memoryBudgetLedger();
    expect(ledger.spentOf('x')).toBe(0);
    ledger.add('x', 5);
    ledger.add('x', 7);
    ledger.add('y', 1);
    expect(ledger.spentOf('x')).toBe(12);
    expect(ledger.spentOf('y')).toBe(1);
    expect(() => ledger.add('x', 0.5)).toThrow(TypeError);
    expect(() => ledger.add('x', -1)).toThrow(TypeError);
  });
});
