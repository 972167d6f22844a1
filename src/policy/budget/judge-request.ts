import { fromNanoDollars } from '../../cost/nano-dollars.ts';
import { BudgetExceeded } from '../../errors/policy-errors.ts';
import type { Clock } from '../../spec/clock.ts';
import type { BudgetExceededEvent } from '../policy-event.ts';
import type { ScopeNode } from './scope-node.ts';

/** How a request fares against the scopes from its own up to the root. */
export type Verdict =
  | { readonly kind: 'fits'; readonly warned: readonly ScopeNode[] }
  | { readonly kind: 'block'; readonly scope: ScopeNode }
  | { readonly kind: 'pause'; readonly scope: ScopeNode };

/**
 * The first scope from `node` up that the request does not fit and whose `onExceed` is `block` or
 * `pause` decides; a `warn` scope lets it pass its own limit but not its ancestors'.
 */
export function judgeRequest(node: ScopeNode, amountNano: number): Verdict {
  const warned: ScopeNode[] = [];
  for (let scope: ScopeNode | undefined = node; scope !== undefined; scope = scope.parent) {
    if (scope.fits(amountNano)) continue;
    if (scope.onExceed === 'warn') warned.push(scope);
    else return scope.onExceed === 'block' ? { kind: 'block', scope } : { kind: 'pause', scope };
  }
  return { kind: 'fits', warned };
}

/** A `budget-exceeded` event with `scope`'s figures now. */
export function exceededEvent(
  clock: Clock,
  scope: ScopeNode,
  amountNano: number,
  action: BudgetExceededEvent['action'],
): BudgetExceededEvent {
  return {
    type: 'budget-exceeded',
    at: clock.now(),
    scope: scope.path,
    limitUsd: fromNanoDollars(scope.limitNano() ?? 0),
    spentUsd: scope.used(),
    reservedUsd: scope.reserved(),
    requestedUsd: fromNanoDollars(amountNano),
    action,
  };
}

/** The error that tells a caller `scope` cannot cover `amountNano`. */
export function exceededError(scope: ScopeNode, amountNano: number): BudgetExceeded {
  return new BudgetExceeded({
    scope: scope.path,
    limitUsd: fromNanoDollars(scope.limitNano() ?? 0),
    spentUsd: scope.used(),
    reservedUsd: scope.reserved(),
    requestedUsd: fromNanoDollars(amountNano),
  });
}
