/**
 * Where the settled spend of a scope that must outlive the process is kept (a daily budget, a run that
 * resumes after a restart). Amounts are integer nano-dollars, so adding never drifts. Only settled
 * spend goes here: holds of calls in flight die with the process, as the calls do.
 *
 * @example
 * const ledger = memoryBudgetLedger();
 * ledger.add('daily:2026-01-01', 2_500_000); // $0.0025
 * ledger.spentOf('daily:2026-01-01'); // 2500000
 */
export interface BudgetLedger {
  /** The spend kept under `scopeId`, in integer nano-dollars; 0 when nothing was added. */
  spentOf(scopeId: string): number;
  /** Adds settled spend (integer nano-dollars, ≥ 0) to `scopeId`. */
  add(scopeId: string, nanoDollars: number): void;
}

/**
 * A ledger in memory: it survives nothing, but lets a daily budget roll over correctly within one
 * process, and stands in for a persistent ledger in tests.
 *
 * @example
 * const budget = dailyBudget({ limitUsd: 20, ledger: memoryBudgetLedger() });
 */
export function memoryBudgetLedger(): BudgetLedger {
  const spent = new Map<string, number>();
  return {
    spentOf: (scopeId) => spent.get(scopeId) ?? 0,
    add(scopeId, nanoDollars) {
      checkLedgerAmount(nanoDollars);
      spent.set(scopeId, (spent.get(scopeId) ?? 0) + nanoDollars);
    },
  };
}

/** Throws a TypeError unless `nanoDollars` is a whole number ≥ 0: what every ledger adds. */
export function checkLedgerAmount(nanoDollars: number): void {
  if (!Number.isSafeInteger(nanoDollars) || nanoDollars < 0) {
    throw new TypeError(`A ledger adds whole nano-dollars ≥ 0; got ${String(nanoDollars)}.`);
  }
}
