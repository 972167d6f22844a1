import { fromNanoDollars } from '../../cost/nano-dollars.ts';
import type { BudgetReservation } from './budget-scope.ts';
import type { BudgetTree } from './budget-tree.ts';
import { checkAmount } from './check-budget-options.ts';
import type { ScopeNode } from './scope-node.ts';

/** A {@link BudgetReservation} (internal): its state moves once, from `held` to `settled` or `released`. */
export class HeldReservation implements BudgetReservation {
  readonly key: string;
  readonly scope: ScopeNode;
  readonly amountNano: number;
  readonly #tree: BudgetTree;
  #state: 'held' | 'settled' | 'released' = 'held';
  #settledNano: number | undefined;

  constructor(tree: BudgetTree, scope: ScopeNode, key: string, amountNano: number) {
    this.#tree = tree;
    this.scope = scope;
    this.key = key;
    this.amountNano = amountNano;
  }

  get amountUsd(): number {
    return fromNanoDollars(this.amountNano);
  }

  get state(): 'held' | 'settled' | 'released' {
    return this.#state;
  }

  get settledUsd(): number | undefined {
    return this.#settledNano === undefined ? undefined : fromNanoDollars(this.#settledNano);
  }

  settle(usd: number): void {
    const actualNano = checkAmount(usd, `settle('${this.key}')`);
    if (this.#state !== 'held') return;
    this.#state = 'settled';
    this.#settledNano = actualNano;
    this.#tree.settled(this, actualNano);
  }

  release(): void {
    if (this.#state !== 'held') return;
    this.#state = 'released';
    this.#tree.released(this);
  }
}
