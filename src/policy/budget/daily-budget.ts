import { type Clock, systemClock } from '../../spec/clock.ts';
import type { PolicyEventListener } from '../policy-event.ts';
import type { BudgetOptions } from '../policy-options.ts';
import { type BudgetLedger, memoryBudgetLedger } from './budget-ledger.ts';
import type { BudgetScope } from './budget-scope.ts';
import { createRootScope } from './create-root-scope.ts';
import type { SpendAccount } from './spend-account.ts';

const DAY_MS = 86_400_000;

/** A daily budget's limit and where its spend is kept. */
export interface DailyBudgetOptions extends BudgetOptions {
  readonly limitUsd: number;
  /** Where each day's settled spend is kept, under `daily:YYYY-MM-DD`. Default: in memory. */
  readonly ledger?: BudgetLedger;
  /** Decides the day (UTC). Default: the system clock. */
  readonly clock?: Clock;
  readonly onEvent?: PolicyEventListener;
  readonly fetch?: typeof fetch;
}

/**
 * A root budget that starts again every UTC day: its name is `daily:YYYY-MM-DD` for the current day,
 * its `used()` is the ledger's figure for that day (0 for a day the ledger has not seen), and every
 * settlement is added to the ledger under the day on which it is settled. Otherwise it is a
 * {@link createBudget} root, with the same semantics.
 *
 * What does not roll over: holds of calls in flight at midnight stay held until settled; child
 * scopes count in memory since they were made; alert thresholds are re-armed for each new day, and
 * spend the ledger already holds for a day (from before a restart) counts as already alerted. Calls
 * paused by this scope are checked again at midnight (a timer on the clock, only while some wait).
 *
 * @example
 * const today = dailyBudget({ limitUsd: 20, ledger, onExceed: 'pause' });
 * const run = today.child('run:42', { limitUsd: 2 });
 * today.name; // 'daily:2026-01-01'
 */
export function dailyBudget(options: DailyBudgetOptions): BudgetScope {
  const clock = options.clock ?? systemClock;
  const ledger = options.ledger ?? memoryBudgetLedger();
  const account: SpendAccount = {
    id: () => dailyScopeId(clock.now()),
    spent: () => ledger.spentOf(dailyScopeId(clock.now())),
    add: (nanoDollars) => ledger.add(dailyScopeId(clock.now()), nanoDollars),
    nextChangeAt: () => (Math.floor(clock.now() / DAY_MS) + 1) * DAY_MS,
  };
  return createRootScope({
    name: account.id,
    options,
    account,
    clock,
    onEvent: options.onEvent,
    fetch: options.fetch,
  });
}

/** `daily:2026-01-01` for any time on that UTC day. */
export function dailyScopeId(epochMilliseconds: number): string {
  return `daily:${new Date(epochMilliseconds).toISOString().slice(0, 10)}`;
}
