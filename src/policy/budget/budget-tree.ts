import { fromNanoDollars } from '../../cost/nano-dollars.ts';
import { traceWait } from '../../observe/tracing/trace-wait.ts';
import type { Clock, TimerHandle } from '../../spec/clock.ts';
import type { PolicyEvent, PolicyEventListener } from '../policy-event.ts';
import type { BudgetReservation } from './budget-scope.ts';
import { checkAmount } from './check-budget-options.ts';
import { HeldReservation } from './held-reservation.ts';
import { exceededError, exceededEvent, judgeRequest } from './judge-request.ts';
import { postBudgetWebhook } from './post-budget-webhook.ts';
import type { ScopeNode } from './scope-node.ts';

/** What the tree needs from its creator (internal). */
export interface BudgetTreeOptions {
  readonly clock: Clock;
  readonly onEvent: PolicyEventListener | undefined;
  readonly fetch: typeof fetch | undefined;
  /** When the root's spend moves to a new period (a daily budget's next midnight), if ever. */
  readonly nextPeriodAt: () => number | undefined;
}

/** An event to emit, and for an alert the webhook to POST it to. */
interface Outgoing {
  readonly event: PolicyEvent;
  readonly webhook: string | undefined;
}

/** One caller waiting for a paused reservation; callers of the same key share the reservation. */
interface Joiner {
  readonly resolve: (reservation: BudgetReservation) => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

/** A paused reservation. */
interface Waiter {
  readonly node: ScopeNode;
  readonly key: string;
  readonly amountNano: number;
  /** The path of the scope that paused it, for `budget-resumed`. */
  readonly pausedBy: string;
  readonly startedAt: number;
  readonly joiners: Set<Joiner>;
}

/**
 * The state one budget tree shares (internal): the keys of all reservations (so a key is charged once
 * in the whole tree), the paused reservations, the clock and the event listener. Every check and the
 * holds it leads to run synchronously, with no `await` in between, so concurrent reservations can
 * never jointly pass a limit.
 */
export class BudgetTree {
  readonly clock: Clock;
  readonly #onEvent: PolicyEventListener | undefined;
  readonly #fetch: typeof fetch | undefined;
  readonly #nextPeriodAt: () => number | undefined;
  readonly #reservations = new Map<string, HeldReservation>();
  /** Paused reservations, oldest first, and the same by key. */
  readonly #waiters: Waiter[] = [];
  readonly #waiting = new Map<string, Waiter>();
  #periodTimer: TimerHandle | undefined;
  #rechecking = false;
  #recheckAgain = false;

  constructor(options: BudgetTreeOptions) {
    this.clock = options.clock;
    this.#onEvent = options.onEvent;
    this.#fetch = options.fetch;
    this.#nextPeriodAt = options.nextPeriodAt;
  }

  reserve(
    node: ScopeNode,
    key: string,
    usd: number,
    signal: AbortSignal | undefined,
  ): Promise<BudgetReservation> {
    let amountNano: number;
    try {
      amountNano = checkAmount(usd, `reserve('${key}')`);
    } catch (error) {
      return Promise.reject(error);
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    const existing = this.#reservations.get(key);
    // A released key is a call that failed before it was billed: reserving it again is its retry.
    if (existing !== undefined && existing.state !== 'released') return Promise.resolve(existing);
    const waiting = this.#waiting.get(key);
    if (waiting !== undefined) return this.#join(waiting, signal);

    const verdict = judgeRequest(node, amountNano);
    if (verdict.kind === 'fits') return Promise.resolve(this.#hold(node, key, amountNano, verdict.warned));
    if (verdict.kind === 'block') {
      this.#emit(exceededEvent(this.clock, verdict.scope, amountNano, 'block'));
      return Promise.reject(exceededError(verdict.scope, amountNano));
    }
    return this.#wait(node, key, amountNano, verdict.scope, signal);
  }

  /** Called by a reservation that has just been settled. */
  settled(reservation: HeldReservation, actualNano: number): void {
    for (let scope: ScopeNode | undefined = reservation.scope; scope !== undefined; scope = scope.parent) {
      scope.adjustReserved(-reservation.amountNano);
      scope.charge(actualNano);
    }
    const outgoing: Outgoing[] = [];
    for (let scope: ScopeNode | undefined = reservation.scope; scope !== undefined; scope = scope.parent) {
      outgoing.push(...this.#reachedThresholds(scope));
      if (actualNano > reservation.amountNano && !scope.fits(0)) {
        // More was spent than held and it took a scope past its limit: the money is gone, so report it.
        const before = scope.usedNano() - actualNano;
        const event = exceededEvent(this.clock, scope, actualNano, 'warn');
        outgoing.push({ event: { ...event, spentUsd: fromNanoDollars(before) }, webhook: undefined });
      }
    }
    this.#send(outgoing);
    this.#recheckWaiters();
  }

  /** Called by a scope given spend made before this process: charged up to, not including, the root. */
  carriedOver(node: ScopeNode, nanoDollars: number): void {
    if (nanoDollars === 0) return;
    const outgoing: Outgoing[] = [];
    for (let scope: ScopeNode | undefined = node; scope?.parent !== undefined; scope = scope.parent) {
      scope.charge(nanoDollars);
      outgoing.push(...this.#reachedThresholds(scope));
    }
    this.#send(outgoing);
  }

  /** Called by a reservation that has just been released. */
  released(reservation: HeldReservation): void {
    for (let scope: ScopeNode | undefined = reservation.scope; scope !== undefined; scope = scope.parent) {
      scope.adjustReserved(-reservation.amountNano);
    }
    this.#recheckWaiters();
  }

  /** Called by a scope whose limit was just set. */
  limitChanged(scope: ScopeNode): void {
    this.#send(this.#reachedThresholds(scope));
    this.#recheckWaiters();
  }

  #hold(node: ScopeNode, key: string, amountNano: number, warned: readonly ScopeNode[]): HeldReservation {
    // The figures of the warning are those the request was judged on, before it is held.
    const warnings = warned.map((scope) => exceededEvent(this.clock, scope, amountNano, 'warn'));
    for (let scope: ScopeNode | undefined = node; scope !== undefined; scope = scope.parent) {
      scope.adjustReserved(amountNano);
    }
    const reservation = new HeldReservation(this, node, key, amountNano);
    this.#reservations.set(key, reservation);
    for (const warning of warnings) this.#emit(warning);
    return reservation;
  }

  #wait(
    node: ScopeNode,
    key: string,
    amountNano: number,
    pausedBy: ScopeNode,
    signal: AbortSignal | undefined,
  ): Promise<BudgetReservation> {
    const waiter: Waiter = {
      node,
      key,
      amountNano,
      pausedBy: pausedBy.path,
      startedAt: this.clock.now(),
      joiners: new Set(),
    };
    this.#waiters.push(waiter);
    this.#waiting.set(key, waiter);
    const promise = this.#join(waiter, signal);
    this.#schedulePeriodCheck();
    this.#emit(exceededEvent(this.clock, pausedBy, amountNano, 'pause'));
    this.#emit({
      type: 'budget-paused',
      at: this.clock.now(),
      scope: pausedBy.path,
      requestedUsd: fromNanoDollars(amountNano),
    });
    return traceWait('vega.budget.wait', () => ({ 'vega.budget.scope': pausedBy.path }), promise);
  }

  /** Adds a caller to a paused reservation; its abort gives up its own place, and the last one's the wait. */
  #join(waiter: Waiter, signal: AbortSignal | undefined): Promise<BudgetReservation> {
    const { promise, resolve, reject } = Promise.withResolvers<BudgetReservation>();
    const joiner: Joiner = {
      resolve,
      reject,
      signal,
      onAbort: () => {
        waiter.joiners.delete(joiner);
        if (waiter.joiners.size === 0) this.#dropWaiter(waiter);
        reject(signal?.reason);
      },
    };
    signal?.addEventListener('abort', joiner.onAbort, { once: true });
    waiter.joiners.add(joiner);
    return promise;
  }

  #dropWaiter(waiter: Waiter): void {
    const index = this.#waiters.indexOf(waiter);
    if (index !== -1) this.#waiters.splice(index, 1);
    this.#waiting.delete(waiter.key);
    this.#schedulePeriodCheck();
  }

  /** Ends a paused reservation for all its callers. */
  #endWaiter(waiter: Waiter, outcome: { reservation: BudgetReservation } | { error: unknown }): void {
    this.#dropWaiter(waiter);
    for (const joiner of waiter.joiners) {
      joiner.signal?.removeEventListener('abort', joiner.onAbort);
      if ('reservation' in outcome) joiner.resolve(outcome.reservation);
      else joiner.reject(outcome.error);
    }
    waiter.joiners.clear();
  }

  /** Looks at every paused reservation again, oldest first; a listener that frees room re-runs the loop. */
  #recheckWaiters(): void {
    if (this.#rechecking) {
      this.#recheckAgain = true;
      return;
    }
    this.#rechecking = true;
    try {
      do {
        this.#recheckAgain = false;
        for (const waiter of [...this.#waiters]) {
          if (!this.#waiters.includes(waiter)) continue;
          const verdict = judgeRequest(waiter.node, waiter.amountNano);
          if (verdict.kind === 'pause') continue;
          if (verdict.kind === 'block') {
            const error = exceededError(verdict.scope, waiter.amountNano);
            this.#emit(exceededEvent(this.clock, verdict.scope, waiter.amountNano, 'block'));
            this.#endWaiter(waiter, { error });
            continue;
          }
          const reservation = this.#hold(waiter.node, waiter.key, waiter.amountNano, verdict.warned);
          this.#emit({
            type: 'budget-resumed',
            at: this.clock.now(),
            scope: waiter.pausedBy,
            waitedMs: this.clock.now() - waiter.startedAt,
          });
          this.#endWaiter(waiter, { reservation });
        }
      } while (this.#recheckAgain);
    } finally {
      this.#rechecking = false;
    }
  }

  /** While calls are paused, wakes them when the root's period ends (a daily budget's midnight). */
  #schedulePeriodCheck(): void {
    if (this.#waiters.length === 0) {
      if (this.#periodTimer !== undefined) this.clock.clearTimeout(this.#periodTimer);
      this.#periodTimer = undefined;
      return;
    }
    if (this.#periodTimer !== undefined) return;
    const at = this.#nextPeriodAt();
    if (at === undefined) return;
    this.#periodTimer = this.clock.setTimeout(
      () => {
        this.#periodTimer = undefined;
        this.#recheckWaiters();
        this.#schedulePeriodCheck();
      },
      Math.max(0, at - this.clock.now()),
    );
  }

  /** The alerts of the thresholds `scope` has just reached, each with the webhook to POST it to. */
  #reachedThresholds(scope: ScopeNode): Outgoing[] {
    const limitNano = scope.limitNano();
    if (limitNano === undefined) return [];
    return scope.takeReachedThresholds().map((threshold) => ({
      event: {
        type: 'budget-threshold',
        at: this.clock.now(),
        scope: scope.path,
        threshold,
        limitUsd: fromNanoDollars(limitNano),
        spentUsd: scope.used(),
      },
      webhook: scope.webhook(),
    }));
  }

  /** Emits events in order; an alert's webhook is POSTed after its event, so a failure comes after it. */
  #send(outgoing: readonly Outgoing[]): void {
    for (const { event, webhook } of outgoing) {
      this.#emit(event);
      if (webhook === undefined || event.type !== 'budget-threshold') continue;
      void postBudgetWebhook(webhook, event, {
        clock: this.clock,
        fetch: this.#fetch ?? globalThis.fetch,
        onFailure: (failure) => this.#emit(failure),
      });
    }
  }

  #emit(event: PolicyEvent): void {
    try {
      this.#onEvent?.(event);
    } catch {
      // Listeners must not throw; a broken one must not break the budget.
    }
  }
}
