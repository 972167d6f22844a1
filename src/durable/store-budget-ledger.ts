import { type BudgetLedger, checkLedgerAmount } from '../policy/budget/budget-ledger.ts';
import type { Store } from '../spec/store.ts';

/**
 * A budget ledger kept in the store, so a daily budget counts what earlier processes spent today.
 * Reads are synchronous from `preloaded` (the scopes' figures read at start) plus what this process
 * added; every addition is written through to the store at once (atomically, against other writers).
 *
 * @example
 * const today = dailyScopeId(Date.now());
 * const ledger = storeBudgetLedger(store, { [today]: await store.spentOf(today) });
 */
export function storeBudgetLedger(store: Store, preloaded: Readonly<Record<string, number>>): BudgetLedger {
  const spent = new Map(Object.entries(preloaded));
  return {
    spentOf: (scopeId) => spent.get(scopeId) ?? 0,
    add(scopeId, nanoDollars) {
      checkLedgerAmount(nanoDollars);
      spent.set(scopeId, (spent.get(scopeId) ?? 0) + nanoDollars);
      store.addSpend(scopeId, nanoDollars).catch((error: unknown) => {
        process.emitWarning(`Could not record spend in the budget ledger: ${String(error)}`);
      });
    },
  };
}
