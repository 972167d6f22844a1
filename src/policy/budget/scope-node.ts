import { fromNanoDollars } from '../../cost/nano-dollars.ts';
import { type BudgetOptions, DEFAULT_BUDGET_ALERTS, type OnExceed } from '../policy-options.ts';
import { AlertThresholds } from './alert-thresholds.ts';
import type { BudgetReservation, BudgetScope } from './budget-scope.ts';
import type { BudgetTree } from './budget-tree.ts';
import { checkAmount, checkBudgetOptions, checkScopeName } from './check-budget-options.ts';
import { memorySpendAccount, type SpendAccount } from './spend-account.ts';

/**
 * One node of a budget tree (internal): its limit, what is held in it and below, and its account of
 * settled spend. The checks and holds across scopes, the keys and the paused calls live in the
 * {@link BudgetTree} shared by all nodes of a tree.
 */
export class ScopeNode implements BudgetScope {
  readonly parent: ScopeNode | undefined;
  readonly tree: BudgetTree;
  readonly onExceed: OnExceed;
  readonly #nameOf: () => string;
  readonly #account: SpendAccount;
  readonly #alerts: AlertThresholds;
  readonly #webhook: string | undefined;
  #limitNano: number | undefined;
  #reservedNano = 0;
  #alertPeriod: string;

  constructor(fields: {
    readonly tree: BudgetTree;
    readonly parent: ScopeNode | undefined;
    readonly name: () => string;
    readonly options: BudgetOptions;
    readonly account: SpendAccount;
  }) {
    const { options } = fields;
    this.tree = fields.tree;
    this.parent = fields.parent;
    this.#nameOf = fields.name;
    this.#account = fields.account;
    this.onExceed = options.onExceed ?? 'block';
    this.#webhook = options.webhook;
    this.#limitNano = options.limitUsd === undefined ? undefined : checkAmount(options.limitUsd, 'limitUsd');
    this.#alerts = new AlertThresholds(options.alerts ?? DEFAULT_BUDGET_ALERTS);
    this.#alertPeriod = this.#account.id();
    this.#alerts.markReached(this.usedNano(), this.#limitNano);
  }

  get name(): string {
    return this.#nameOf();
  }

  get path(): string {
    return this.parent === undefined ? this.name : `${this.parent.path}/${this.name}`;
  }

  limit(): number | undefined {
    return this.#limitNano === undefined ? undefined : fromNanoDollars(this.#limitNano);
  }

  used(): number {
    return fromNanoDollars(this.usedNano());
  }

  reserved(): number {
    return fromNanoDollars(this.#reservedNano);
  }

  remaining(): number | undefined {
    let least: number | undefined;
    for (let scope: ScopeNode | undefined = this; scope !== undefined; scope = scope.parent) {
      const room = scope.roomNano();
      if (room !== undefined && (least === undefined || room < least)) least = room;
    }
    return least === undefined ? undefined : fromNanoDollars(least);
  }

  child(name: string, options: BudgetOptions = {}): BudgetScope {
    checkScopeName(name);
    checkBudgetOptions(options, `${this.path}/${name}`);
    return new ScopeNode({
      tree: this.tree,
      parent: this,
      name: () => name,
      options,
      account: memorySpendAccount(name),
    });
  }

  reserve(key: string, usd: number, options?: { readonly signal?: AbortSignal }): Promise<BudgetReservation> {
    return this.tree.reserve(this, key, usd, options?.signal);
  }

  carryOver(usd: number): void {
    this.tree.carriedOver(this, checkAmount(usd, `carryOver on budget '${this.path}'`));
  }

  setLimit(usd: number | undefined): void {
    this.#limitNano = usd === undefined ? undefined : checkAmount(usd, `The limit of budget '${this.path}'`);
    this.#syncAlertPeriod();
    this.#alerts.rearmAbove(this.usedNano(), this.#limitNano);
    this.tree.limitChanged(this);
  }

  /** The limit in nano-dollars. */
  limitNano(): number | undefined {
    return this.#limitNano;
  }

  usedNano(): number {
    return this.#account.spent();
  }

  reservedNano(): number {
    return this.#reservedNano;
  }

  /** limit − used − reserved, never below 0; `undefined` without a limit. */
  roomNano(): number | undefined {
    if (this.#limitNano === undefined) return undefined;
    return Math.max(0, this.#limitNano - this.usedNano() - this.#reservedNano);
  }

  /** Whether `amountNano` more could be held here without passing this scope's own limit. */
  fits(amountNano: number): boolean {
    return (
      this.#limitNano === undefined || this.usedNano() + this.#reservedNano + amountNano <= this.#limitNano
    );
  }

  /** Changes what is held here; the tree applies the same change to every ancestor. */
  adjustReserved(deltaNano: number): void {
    this.#reservedNano += deltaNano;
  }

  /** Adds settled spend to this scope's account. */
  charge(nanoDollars: number): void {
    this.#syncAlertPeriod();
    this.#account.add(nanoDollars);
  }

  /** The alert thresholds reached since they last fired; they will not fire again until re-armed. */
  takeReachedThresholds(): number[] {
    this.#syncAlertPeriod();
    return this.#alerts.take(this.usedNano(), this.#limitNano);
  }

  /** This scope's webhook, else the nearest ancestor's. */
  webhook(): string | undefined {
    return this.#webhook ?? this.parent?.webhook();
  }

  #syncAlertPeriod(): void {
    const period = this.#account.id();
    if (period === this.#alertPeriod) return;
    this.#alertPeriod = period;
    this.#alerts.markReached(this.usedNano(), this.#limitNano);
  }
}
