import type { Clock } from '../../spec/clock.ts';
import type { PolicyEventListener } from '../policy-event.ts';
import type { BudgetOptions } from '../policy-options.ts';
import type { BudgetScope } from './budget-scope.ts';
import { BudgetTree } from './budget-tree.ts';
import { checkBudgetOptions } from './check-budget-options.ts';
import { ScopeNode } from './scope-node.ts';
import type { SpendAccount } from './spend-account.ts';

/** The root of a new budget tree (internal): what `createBudget` and `dailyBudget` share. */
export function createRootScope(fields: {
  readonly name: () => string;
  readonly options: BudgetOptions;
  readonly account: SpendAccount;
  readonly clock: Clock;
  readonly onEvent: PolicyEventListener | undefined;
  readonly fetch: typeof fetch | undefined;
}): BudgetScope {
  checkBudgetOptions(fields.options, fields.name());
  const tree = new BudgetTree({
    clock: fields.clock,
    onEvent: fields.onEvent,
    fetch: fields.fetch,
    nextPeriodAt: () => fields.account.nextChangeAt(),
  });
  return new ScopeNode({
    tree,
    parent: undefined,
    name: fields.name,
    options: fields.options,
    account: fields.account,
  });
}
