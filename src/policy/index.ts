export type { BreakerSnapshot, BreakerStateName } from './breaker/breaker-snapshot.ts';
export { type BreakerTicket, CircuitBreaker } from './breaker/circuit-breaker.ts';
export { type Breakers, createBreakers } from './breaker/create-breakers.ts';
export {
  type BudgetLedger,
  type BudgetReservation,
  type BudgetScope,
  type CreateBudgetOptions,
  createBudget,
  type DailyBudgetOptions,
  dailyBudget,
  memoryBudgetLedger,
} from './budget/index.ts';
export { DEFAULT_MAX_OUTPUT_TOKENS, estimateCallTokens } from './estimate-call-tokens.ts';
export type { ModelCallOutcome, ModelCallRequest } from './model-call-request.ts';
export { createModelPipeline, type ModelPipeline, type ModelPipelineOptions } from './model-pipeline.ts';
export type * from './policy-event.ts';
export { createPolicyEvents, type PolicyEvents } from './policy-events.ts';
export {
  type BudgetOptions,
  type CallPolicies,
  type CircuitBreakerOptions,
  DEFAULT_BUDGET_ALERTS,
  DEFAULT_CIRCUIT_BREAKER,
  DEFAULT_RETRY,
  type OnExceed,
  type RateLimitOptions,
  type RetryBackoffType,
  type RetryOptions,
} from './policy-options.ts';
export {
  createRateLimiter,
  createRateLimits,
  type RateLimiter,
  type RateLimits,
  readRateLimitHeaders,
} from './rate-limit/index.ts';
export { backoffDelay } from './retry/backoff-delay.ts';
