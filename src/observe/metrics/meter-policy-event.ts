import type { PolicyEvent } from '../../policy/policy-event.ts';
import type { MetricInstruments } from './metric-instruments.ts';

const BREAKER_STATES = ['closed', 'open', 'half-open'] as const;

/**
 * Counts one policy event: retries (and the 429s among them), breaker states, rate-limit queues and
 * waits, budget refusals. Events that carry nothing countable are ignored.
 *
 * @example
 * policyEvents.on((event) => meterPolicyEvent(instruments, event));
 */
export function meterPolicyEvent(instruments: MetricInstruments, event: PolicyEvent): void {
  switch (event.type) {
    case 'retry-scheduled': {
      // `provider:model`, as the pipeline names models in its events.
      const colon = event.model.indexOf(':');
      const provider = colon === -1 ? 'unknown' : event.model.slice(0, colon);
      const model = event.model.slice(colon + 1);
      instruments.retries.labels(provider, model, event.errorKind).inc();
      if (event.errorKind === 'rate_limit') instruments.rateLimited.labels(provider, model).inc();
      return;
    }
    case 'breaker-state':
      for (const state of BREAKER_STATES)
        instruments.breakerState.labels(event.key, stateLabel(state)).set(state === event.to ? 1 : 0);
      instruments.breakerTransitions.labels(event.key, stateLabel(event.to)).inc();
      return;
    case 'rate-limit-wait':
      instruments.rateLimitQueueDepth.labels(event.key).set(event.queueDepth);
      instruments.rateLimitWait.labels(event.key).observe(event.waitedMs / 1000);
      return;
    case 'budget-exceeded':
      instruments.budgetExceeded.labels(event.action).inc();
      return;
    default:
      return;
  }
}

/** Prometheus label values read best in snake case. */
function stateLabel(state: (typeof BREAKER_STATES)[number]): string {
  return state === 'half-open' ? 'half_open' : state;
}
