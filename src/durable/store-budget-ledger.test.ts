import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BudgetExceeded } from '../errors/policy-errors.ts';
import { dailyBudget, dailyScopeId } from '../policy/budget/daily-budget.ts';
import type { Store } from '../spec/store.ts';
import { sqliteStore } from '../store/sqlite-store.ts';
import { manualClock } from '../testing/manual-clock.ts';
import { storeBudgetLedger } from './store-budget-ledger.ts';

const NOON = Date.UTC(2026, 10, 21, 12);
let store: Store;

beforeEach(async () => {
  store = await sqliteStore(':memory:');
});

afterEach(async () => {
  await store.close();
});

describe('storeBudgetLedger', () => {
  it('keeps a day’s spend in the store, so the next process’s daily budget counts it', async () => {
    const clock = manualClock(NOON);
    const today = dailyScopeId(NOON);
    const first = dailyBudget({ limitUsd: 1, clock, ledger: storeBudgetLedger(store, {}) });
    const hold = await first.reserve('call-1', 0.5);
    hold.settle(0.75);
    await vi.waitFor(async () => expect(await store.spentOf(today)).toBe(750_000_000));

    // A second process: the day's figure is read at start.
    const second = dailyBudget({
      limitUsd: 1,
      clock,
      ledger: storeBudgetLedger(store, { [today]: await store.spentOf(today) }),
    });
    expect(second.used()).toBeCloseTo(0.75, 9);
    expect(second.remaining()).toBeCloseTo(0.25, 9);
    await expect(second.reserve('call-2', 0.5)).rejects.toBeInstanceOf(BudgetExceeded);
    // Another day starts from zero.
    clock.set(NOON + 86_400_000);
    expect(second.used()).toBe(0);
  });

  it('refuses amounts that are not whole nano-dollars ≥ 0', () => {
    const ledger = storeBudgetLedger(store, {});
    expect(() => ledger.add('daily:2026-11-21', -1)).toThrow(TypeError);
    expect(() => ledger.add('daily:2026-11-21', 0.5)).toThrow(TypeError);
  });
});
