import { type CallPolicies, DEFAULT_CIRCUIT_BREAKER, DEFAULT_RETRY } from '../../policy/policy-options.ts';
import type { WorkflowSettings } from '../document/workflow-document.ts';
import type { AgentDraft } from './agent-keys.ts';
import type { LoadContext } from './load-context.ts';
import { resolveCircuitBreaker } from './read-circuit-breaker.ts';
import { resolveRetry } from './read-retry.ts';

/**
 * The policies of an agent's model calls: its `retry` and `circuit_breaker` field by field over the
 * settings' blocks (over the built-in defaults), or the settings' blocks when the agent has none; its
 * own `rate_limit` and `fallback_models`. A policy neither the agent nor the settings give is absent.
 *
 * @example
 * const policies = resolveAgentPolicies(context, draft, settings);
 * // { retry: { maxAttempts: 5, backoff: 'exponential', … }, fallbackModels: ['claude-haiku-4-5'] }
 */
export function resolveAgentPolicies(
  context: LoadContext,
  draft: Pick<AgentDraft, 'retry' | 'rateLimit' | 'circuitBreaker' | 'fallbackModels'>,
  settings: WorkflowSettings,
): CallPolicies {
  const retry =
    draft.retry === undefined
      ? settings.retry
      : resolveRetry(context, draft.retry, settings.retry ?? DEFAULT_RETRY);
  const circuitBreaker =
    draft.circuitBreaker === undefined
      ? settings.circuitBreaker
      : resolveCircuitBreaker(draft.circuitBreaker, settings.circuitBreaker ?? DEFAULT_CIRCUIT_BREAKER);
  return {
    ...(retry === undefined ? {} : { retry }),
    ...(draft.rateLimit === undefined ? {} : { rateLimit: draft.rateLimit }),
    ...(circuitBreaker === undefined ? {} : { circuitBreaker }),
    ...(draft.fallbackModels === undefined ? {} : { fallbackModels: draft.fallbackModels }),
  };
}
