/**
 * How the policies of the model-call pipeline are configured. Every duration is in milliseconds and
 * every amount of money in US dollars. The DSL (`retry`, `rate_limit`, `circuit_breaker`, `budget` …)
 * and the TypeScript API produce these same shapes.
 */

/** How retry delays grow: `fibonacci` gives initial × 1, 1, 2, 3, 5, 8 … */
export type RetryBackoffType = 'exponential' | 'linear' | 'constant' | 'fibonacci';

/** Retries of one model call. Only retryable errors are retried; `Retry-After` wins over the computed delay. */
export interface RetryOptions {
  /** Attempts in all, the first included: 1 means no retry. */
  readonly maxAttempts: number;
  readonly backoff: RetryBackoffType;
  /** The first delay. */
  readonly initialMs: number;
  /** The cap: no computed delay is longer (a provider's `Retry-After` may be). */
  readonly maxMs: number;
  /** Growth factor of `exponential`; default 2. */
  readonly multiplier?: number;
  /** Random spread as a fraction of the delay, 0..1. */
  readonly jitter?: number;
}

/** Request and token rates; either may be absent. Tokens are input + output. */
export interface RateLimitOptions {
  readonly requestsPerMinute?: number;
  readonly tokensPerMinute?: number;
  /** A caller that would wait longer than this fails at once with `RateLimited`. Default: no bound. */
  readonly maxWaitMs?: number;
}

/** A circuit breaker per provider/model. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  readonly threshold: number;
  /** How long the circuit stays open before letting trial calls through. */
  readonly resetAfterMs: number;
  /** Most trial calls in flight while half-open. */
  readonly halfOpenMax: number;
}

/** What a scope does when a reservation does not fit: fail the call (default), let it through and warn, or wait. */
export type OnExceed = 'block' | 'warn' | 'pause';

/** A budget scope's limit and alerts. */
export interface BudgetOptions {
  /** The hard cap in dollars; absent means this scope only counts (its ancestors still limit it). */
  readonly limitUsd?: number;
  /** Fractions of the limit at which a `budget-threshold` event is emitted. Default [0.5, 0.75, 0.9, 1]. */
  readonly alerts?: readonly number[];
  /** Default `block`. */
  readonly onExceed?: OnExceed;
  /** POSTed (JSON) each time an alert threshold is crossed. */
  readonly webhook?: string;
}

/** The default alert thresholds. */
export const DEFAULT_BUDGET_ALERTS: readonly number[] = Object.freeze([0.5, 0.75, 0.9, 1]);

/** The default retry: 3 attempts, exponential from 1 s to 30 s with 20% jitter. */
export const DEFAULT_RETRY: RetryOptions = Object.freeze({
  maxAttempts: 3,
  backoff: 'exponential',
  initialMs: 1_000,
  maxMs: 30_000,
  jitter: 0.2,
});

/** The default breaker: open after 5 consecutive failures, try again after 30 s with one trial call. */
export const DEFAULT_CIRCUIT_BREAKER: CircuitBreakerOptions = Object.freeze({
  threshold: 5,
  resetAfterMs: 30_000,
  halfOpenMax: 1,
});

/**
 * The policies that apply to one agent's (or one step's) model calls. Absent fields fall back to the
 * runtime's defaults.
 */
export interface CallPolicies {
  readonly retry?: RetryOptions;
  /** A limit on this agent's own calls, on top of the limits shared per provider/model. */
  readonly rateLimit?: RateLimitOptions;
  readonly circuitBreaker?: CircuitBreakerOptions;
  /** Models tried in order when the primary's circuit is open or it fails with a retryable error. */
  readonly fallbackModels?: readonly string[];
  /** Bound on one attempt. */
  readonly attemptTimeoutMs?: number;
  /** Bound on the whole call, retries and waits included. */
  readonly timeoutMs?: number;
  /** Queue priority for rate limits: higher goes first; equal priorities are FIFO. Default 0. */
  readonly priority?: number;
}
