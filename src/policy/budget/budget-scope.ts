import type { BudgetOptions } from '../policy-options.ts';

/**
 * One scope of a budget tree: global per day → run → workflow step → agent → call. A scope can never
 * let more be spent than what remains in its parent: a reservation must fit in every scope from this
 * one to the root, and is held in all of them until it is settled or released.
 *
 * All amounts are US dollars; internally they are integer nano-dollars, so sums are exact.
 *
 * @example
 * const run = createBudget({ name: 'run', limitUsd: 10 });
 * const agent = run.child('agent:Coder', { limitUsd: 0.5 });
 * const hold = await agent.reserve('run-1/call-7', 0.012); // throws BudgetExceeded when it does not fit
 * // ... make the call ...
 * hold.settle(0.0031); // charge what it really cost, release the rest
 * agent.remaining(); // 0.4969
 */
export interface BudgetScope {
  /** This scope's own name: `run`, `step:draft`, `agent:Coder`. */
  readonly name: string;
  /** Names from the root down, joined by `/`: `run/step:draft/agent:Coder`. */
  readonly path: string;
  readonly parent: BudgetScope | undefined;
  /** This scope's own limit, or `undefined` when it only counts. */
  limit(): number | undefined;
  /** Settled spend in this scope and all below it. */
  used(): number;
  /** Held by reservations not yet settled, in this scope and all below it. */
  reserved(): number;
  /**
   * What a new reservation here could take: the least, over this scope and its ancestors, of limit −
   * used − reserved (never below 0); `undefined` when no scope on the way up has a limit.
   */
  remaining(): number | undefined;
  /** A new child scope. Names need not be unique; paths then repeat. */
  child(name: string, options?: BudgetOptions): BudgetScope;
  /**
   * Holds `usd` in this scope and every ancestor. `key` identifies the call (its journal key): reserving
   * a key that is already held returns the same hold without holding more, and a key already settled
   * returns its settled hold, so a retry or a resumed run never charges twice. When it does not fit, the
   * scope's `onExceed` decides: `block` throws `BudgetExceeded` at once, `warn` emits `budget-exceeded`
   * and holds anyway, `pause` waits until it fits (a raised limit, freed holds) or `signal` aborts.
   */
  reserve(key: string, usd: number, options?: { readonly signal?: AbortSignal }): Promise<BudgetReservation>;
  /** Sets this scope's limit (raise or lower); paused reservations are looked at again. */
  setLimit(usd: number | undefined): void;
  /**
   * Counts spend made before this process — a resumed run's calls that its journal gives back — in this
   * scope and its ancestors below the root, so a resumed run's caps cover the whole run. The root (the
   * runtime's global or daily scope) is not charged: the daily ledger already holds it, and `global`
   * counts this process. Never refused: the money was spent.
   */
  carryOver(usd: number): void;
}

/** A hold on a budget for one call. Settle or release it exactly once; later calls are no-ops. */
export interface BudgetReservation {
  readonly key: string;
  /** The scope it was made in. */
  readonly scope: BudgetScope;
  /** What is held. */
  readonly amountUsd: number;
  /** `'held'`, then `'settled'` or `'released'`. */
  readonly state: 'held' | 'settled' | 'released';
  /** The settled cost, once settled. */
  readonly settledUsd: number | undefined;
  /**
   * Charges `usd` (the call's actual cost) and frees the hold. Charging more than was held is allowed
   * (the money was spent) and is reported; with a conservative estimate it does not happen.
   */
  settle(usd: number): void;
  /** Frees the hold without charging: the call failed before anything was billed. */
  release(): void;
}
