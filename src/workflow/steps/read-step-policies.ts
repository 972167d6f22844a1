import { type CallPolicies, DEFAULT_CIRCUIT_BREAKER, DEFAULT_RETRY } from '../../policy/policy-options.ts';
import type { AgentDefinition } from '../document/agent-definition.ts';
import type { Located } from '../document/located.ts';
import type { BlockPlace } from '../load/block-draft.ts';
import type { LoadContext } from '../load/load-context.ts';
import type { MapEntry } from '../load/map-entries.ts';
import { readCircuitBreaker, resolveCircuitBreaker } from '../load/read-circuit-breaker.ts';
import { readDuration } from '../load/read-duration.ts';
import { readFallbackModels } from '../load/read-fallback-models.ts';
import { readMoney } from '../load/read-money.ts';
import { readRateLimit } from '../load/read-rate-limit.ts';
import { readRetry, resolveRetry } from '../load/read-retry.ts';

/** What an agent step's traffic and cost modifiers set; absent when the step does not write them. */
export interface StepPolicies {
  readonly budgetUsd?: Located<number>;
  readonly timeoutMs?: Located<number>;
  readonly policies?: CallPolicies;
}

const place = (path: string): BlockPlace => ({ path, owner: '' });

/**
 * Reads an agent step's `budget`, `timeout`, `retry`, `rate_limit`, `circuit_breaker` and
 * `fallback_models`. `retry` and `circuit_breaker` are resolved field by field over the agent's (so
 * `retry: 3` keeps the agent's backoff); `policies` holds only the policies the step writes.
 *
 * @example
 * const { budgetUsd, timeoutMs, policies } = readStepPolicies(load, keys, agents.get('Coder'));
 */
export function readStepPolicies(
  load: LoadContext,
  keys: ReadonlyMap<string, MapEntry>,
  agent: AgentDefinition | undefined,
): StepPolicies {
  const entry = (key: string): MapEntry | undefined => keys.get(key);
  const budget = entry('budget');
  const budgetUsd = budget === undefined ? undefined : readMoney(load, budget.value, '`budget`');
  const timeout = entry('timeout');
  const timeoutMs = timeout === undefined ? undefined : readTimeout(load, timeout);
  const retryEntry = entry('retry');
  const retryBlock = retryEntry === undefined ? undefined : readRetry(load, retryEntry, place('retry'));
  const retry =
    retryBlock === undefined
      ? undefined
      : resolveRetry(load, retryBlock, agent?.policies.retry ?? DEFAULT_RETRY);
  const rateLimitEntry = entry('rate_limit');
  const rateLimit =
    rateLimitEntry === undefined ? undefined : readRateLimit(load, rateLimitEntry, place('rate_limit'));
  const breakerEntry = entry('circuit_breaker');
  const breakerBlock =
    breakerEntry === undefined ? undefined : readCircuitBreaker(load, breakerEntry, place('circuit_breaker'));
  const circuitBreaker =
    breakerBlock === undefined
      ? undefined
      : resolveCircuitBreaker(breakerBlock, agent?.policies.circuitBreaker ?? DEFAULT_CIRCUIT_BREAKER);
  const fallbackEntry = entry('fallback_models');
  const fallbackModels =
    fallbackEntry === undefined
      ? undefined
      : readFallbackModels(load, fallbackEntry.value, '`fallback_models`');
  const policies: CallPolicies = {
    ...(retry === undefined ? {} : { retry }),
    ...(rateLimit === undefined ? {} : { rateLimit }),
    ...(circuitBreaker === undefined ? {} : { circuitBreaker }),
    ...(fallbackModels === undefined ? {} : { fallbackModels }),
  };
  return {
    ...(budgetUsd === undefined ? {} : { budgetUsd }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(Object.keys(policies).length === 0 ? {} : { policies }),
  };
}

function readTimeout(load: LoadContext, entry: MapEntry): Located<number> | undefined {
  const timeout = readDuration(load, entry.value, '`timeout`');
  if (timeout === undefined || timeout.value > 0) return timeout;
  load.report(
    'error',
    'invalid_value',
    '`timeout` must be longer than 0',
    timeout.span,
    'give the step time to run, like 30s or 5m; without `timeout` it has no limit',
  );
  return undefined;
}
