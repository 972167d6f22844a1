import type { BudgetLedger } from './budget-ledger.ts';

/**
 * Where one scope keeps its settled spend (internal). Most scopes count in memory; a root backed by a
 * ledger reads and adds there, and a daily root moves to a new ledger entry at each UTC midnight.
 */
export interface SpendAccount {
  /** The id the spend is kept under. When it changes (a new day), a new alert period starts. */
  id(): string;
  /** Settled spend, integer nano-dollars. */
  spent(): number;
  add(nanoDollars: number): void;
  /** The clock time at which {@link id} will next change, or `undefined` if it never does. */
  nextChangeAt(): number | undefined;
}

/** Counts in memory, from 0. */
export function memorySpendAccount(id: string): SpendAccount {
  let spent = 0;
  return {
    id: () => id,
    spent: () => spent,
    add(nanoDollars) {
      spent += nanoDollars;
    },
    nextChangeAt: () => undefined,
  };
}

/** Reads and adds spend under a fixed id of a ledger, so a restarted process goes on from its figure. */
export function ledgerSpendAccount(ledger: BudgetLedger, id: string): SpendAccount {
  return {
    id: () => id,
    spent: () => ledger.spentOf(id),
    add: (nanoDollars) => ledger.add(id, nanoDollars),
    nextChangeAt: () => undefined,
  };
}
