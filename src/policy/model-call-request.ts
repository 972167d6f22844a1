import type { Cost } from '../spec/cost.ts';
import type { Model, ModelCallOptions } from '../spec/model.ts';
import type { Usage } from '../spec/usage.ts';
import type { BudgetScope } from './budget/budget-scope.ts';
import type { CallPolicies } from './policy-options.ts';

/** One model call as the pipeline receives it. */
export interface ModelCallRequest {
  readonly model: Model;
  /** The call's options; `abortSignal` is the caller's and cancels everything, waits included. */
  readonly options: ModelCallOptions;
  /**
   * Identifies the call (its journal key): the budget reservation is keyed by it, so a retry or a
   * resumed run never charges twice.
   */
  readonly key: string;
  /** The scope the call is charged to; without one nothing is reserved. */
  readonly budget?: BudgetScope;
  readonly policies?: CallPolicies;
  /** Who calls: names the agent's own rate limiter when its policies declare one. */
  readonly agent?: string;
}

/** What a call came to, whichever model answered. */
export interface ModelCallOutcome {
  /** The model that answered: the requested one or a fallback. */
  readonly model: Model;
  readonly usage: Usage;
  readonly cost: Cost;
  /** Attempts made, on every model tried. */
  readonly attempts: number;
  /** The requested model's id when a fallback answered. */
  readonly fallbackFrom?: string;
  /** Time spent queued for rate limits, over all attempts. */
  readonly waitedMs: number;
}
