import { type Clock, systemClock } from '../../spec/clock.ts';
import type { PolicyEventListener } from '../policy-event.ts';
import type { BudgetOptions } from '../policy-options.ts';
import type { BudgetLedger } from './budget-ledger.ts';
import type { BudgetScope } from './budget-scope.ts';
import { checkScopeName } from './check-budget-options.ts';
import { createRootScope } from './create-root-scope.ts';
import { ledgerSpendAccount, memorySpendAccount } from './spend-account.ts';

/** A root budget's limit and alerts, and what the whole tree shares. */
export interface CreateBudgetOptions extends BudgetOptions {
  /** The root scope's name, the first part of every path. Default `run`. */
  readonly name?: string;
  /** Stamps events and times webhook deliveries. Default: the system clock. */
  readonly clock?: Clock;
  /** Receives every budget event of the tree. */
  readonly onEvent?: PolicyEventListener;
  /** Used to POST alert webhooks. Default: the global `fetch`. */
  readonly fetch?: typeof fetch;
  /**
   * Keeps the root's settled spend under the root's name, so a restarted process goes on from it.
   * Child scopes count in memory only. Default: the root counts in memory too.
   */
  readonly ledger?: BudgetLedger;
}

/**
 * A new budget tree and its root scope. Children made with `child(name, options)` share the root's
 * clock, listener, `fetch` and keys, and have their own limit, alerts, `onExceed` and webhook.
 *
 * Semantics, in short:
 * - `reserve(key, usd)` holds `usd` in the scope and every ancestor at once, only if for each scope
 *   with a limit `used + reserved + usd ≤ limit` (exact, in integer nano-dollars). The check and the
 *   holds are one synchronous step, so concurrent reservations can never jointly pass a limit.
 * - Keys are unique in the whole tree. Reserving a held key returns that same reservation and holds
 *   nothing more (whatever scope or amount is passed the second time); reserving a settled key returns
 *   the settled reservation and never charges again; reserving a released key holds again, as a new
 *   reservation (the retry of a call that failed before it was billed); reserving a key whose first
 *   reservation is paused joins that wait: all its callers get the same reservation (or the same
 *   `BudgetExceeded`), and each caller's `signal` gives up only that caller's place.
 *   The tree remembers every key it has seen (that is what makes a retry safe), so make one tree per
 *   run, or use a `dailyBudget`, rather than one for the life of a server.
 * - When a request does not fit, the first scope from the requesting one up that it does not fit and
 *   whose `onExceed` is `block` or `pause` decides. `block` rejects with `BudgetExceeded` (code
 *   `budget_exceeded`) and emits `budget-exceeded` (action `block`). `pause` emits `budget-exceeded`
 *   (action `pause`) and `budget-paused`, then waits; paused requests are checked again, oldest first,
 *   whenever a limit is set or a hold is settled or released anywhere in the tree, and the one that
 *   fits is held and emits `budget-resumed` (a small request may so go before a larger, older one).
 *   If a `block` scope then decides, the wait ends in `BudgetExceeded`; an abort of `signal` ends it
 *   with `signal.reason`. A `warn` scope emits `budget-exceeded` (action `warn`) and lets the request
 *   pass its own limit, so its spend may exceed its limit; its ancestors still apply their own rules.
 * - `settle(usd)` frees the hold in every scope up to the root and charges `usd` in each; settling
 *   more than was held is allowed, and a scope it takes past its limit emits `budget-exceeded`
 *   (action `warn`). Negative, NaN or infinite amounts throw a `TypeError`.
 * - Alerts: each threshold of a scope with a limit fires once, with `budget-threshold`, when settled
 *   spend reaches `threshold × limit`. `setLimit` re-arms the thresholds above the new ratio, and
 *   fires at once those the new limit puts the spend at or past that have not fired.
 * - Webhooks: a scope POSTs its alerts to its own `webhook`, or else to its nearest ancestor's, as
 *   JSON `{ event: 'budget-threshold', scope, threshold, limitUsd, spentUsd, at }`, without waiting;
 *   a failed delivery emits `budget-webhook-failed` and never reaches the caller.
 *
 * @example
 * const run = createBudget({ limitUsd: 10, onEvent: (event) => log(event), webhook: 'https://ops.example/budget' });
 * const coder = run.child('agent:Coder', { limitUsd: 0.5, onExceed: 'pause' });
 * const hold = await coder.reserve('run-1/call-7', 0.012, { signal });
 * hold.settle(0.0031);
 * coder.remaining(); // 0.4969
 */
export function createBudget(options: CreateBudgetOptions = {}): BudgetScope {
  const name = options.name ?? 'run';
  checkScopeName(name);
  return createRootScope({
    name: () => name,
    options,
    account:
      options.ledger === undefined ? memorySpendAccount(name) : ledgerSpendAccount(options.ledger, name),
    clock: options.clock ?? systemClock,
    onEvent: options.onEvent,
    fetch: options.fetch,
  });
}
