/**
 * Facts the policies report, named `<noun>-<action>`. Amounts are in dollars, durations in
 * milliseconds, `at` is the clock's time.
 */
export type PolicyEvent =
  | BudgetThresholdEvent
  | BudgetExceededEvent
  | BudgetPausedEvent
  | BudgetResumedEvent
  | BudgetWebhookFailedEvent
  | RateLimitWaitEvent
  | RateLimitLearnedEvent
  | RetryScheduledEvent
  | BreakerStateEvent
  | ModelFallbackEvent;

/** A scope's spend crossed an alert threshold (a fraction of its limit). */
export interface BudgetThresholdEvent {
  readonly type: 'budget-threshold';
  readonly at: number;
  readonly scope: string;
  readonly threshold: number;
  readonly limitUsd: number;
  readonly spentUsd: number;
}

/** A reservation did not fit; `action` says what the scope's `onExceed` did about it. */
export interface BudgetExceededEvent {
  readonly type: 'budget-exceeded';
  readonly at: number;
  readonly scope: string;
  readonly limitUsd: number;
  readonly spentUsd: number;
  readonly reservedUsd: number;
  readonly requestedUsd: number;
  readonly action: 'block' | 'warn' | 'pause';
}

/** A call waits for a scope's limit to be raised (onExceed `pause`). */
export interface BudgetPausedEvent {
  readonly type: 'budget-paused';
  readonly at: number;
  readonly scope: string;
  readonly requestedUsd: number;
}

/** A paused call went on, because the limit was raised or room was freed. */
export interface BudgetResumedEvent {
  readonly type: 'budget-resumed';
  readonly at: number;
  readonly scope: string;
  readonly waitedMs: number;
}

/** The alert webhook could not be delivered; the run goes on. */
export interface BudgetWebhookFailedEvent {
  readonly type: 'budget-webhook-failed';
  readonly at: number;
  readonly url: string;
  readonly error: string;
}

/** A call waited in a rate-limit queue before it was let through (or gave up waiting). */
export interface RateLimitWaitEvent {
  readonly type: 'rate-limit-wait';
  readonly at: number;
  readonly key: string;
  readonly waitedMs: number;
  readonly queueDepth: number;
}

/** Limits were learned (or corrected) from a provider's response headers. */
export interface RateLimitLearnedEvent {
  readonly type: 'rate-limit-learned';
  readonly at: number;
  readonly key: string;
  readonly requestsPerMinute: number | undefined;
  readonly tokensPerMinute: number | undefined;
}

/** A failed attempt will be retried after `delayMs`. */
export interface RetryScheduledEvent {
  readonly type: 'retry-scheduled';
  readonly at: number;
  readonly key: string;
  readonly model: string;
  /** The attempt that failed, 1-based. */
  readonly attempt: number;
  readonly delayMs: number;
  /** Whether the delay came from the provider's `Retry-After`. */
  readonly fromRetryAfter: boolean;
  readonly errorKind: string;
}

/** A circuit breaker changed state. */
export interface BreakerStateEvent {
  readonly type: 'breaker-state';
  readonly at: number;
  readonly key: string;
  readonly from: 'closed' | 'open' | 'half-open';
  readonly to: 'closed' | 'open' | 'half-open';
}

/** A call moved on to a fallback model. */
export interface ModelFallbackEvent {
  readonly type: 'model-fallback';
  readonly at: number;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
}

/** Receives policy events. Listeners must not throw; what they throw is ignored. */
export type PolicyEventListener = (event: PolicyEvent) => void;
