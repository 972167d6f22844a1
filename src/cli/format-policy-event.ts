import { formatUsd } from '../cost/format-usd.ts';
import type { PolicyEvent } from '../policy/policy-event.ts';

/**
 * One stderr line for the policy events a person running a workflow wants to see: a retry, a breaker
 * opening or closing, a fallback, a budget alert or a call waiting on a budget. Rate-limit waits are
 * too many to print; other events give undefined.
 *
 * @example
 * runtime.policyEvents.on((event) => { const line = formatPolicyEvent(event, { color: false }); if (line) console.error(line); });
 */
export function formatPolicyEvent(
  event: PolicyEvent,
  options: { readonly color: boolean },
): string | undefined {
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  switch (event.type) {
    case 'retry-scheduled': {
      const why = event.fromRetryAfter ? 'as the provider asked' : 'backoff';
      return `${paint('33', '↻')} ${event.model} failed (${event.errorKind.replaceAll('_', ' ')}); retrying in ${seconds(event.delayMs)} (${why}, attempt ${event.attempt + 1})`;
    }
    case 'breaker-state':
      if (event.to === 'open')
        return `${paint('31', '⊘')} circuit for ${event.key} opened after repeated failures`;
      if (event.to === 'closed') return `${paint('32', '✓')} circuit for ${event.key} closed again`;
      return undefined;
    case 'model-fallback':
      return `${paint('33', '→')} falling back from ${event.from} to ${event.to} (${event.reason})`;
    case 'budget-threshold':
      return `${paint('33', '$')} budget '${event.scope}' at ${Math.round(event.threshold * 100)}%: ${formatUsd(event.spentUsd)} of ${formatUsd(event.limitUsd)} spent`;
    case 'budget-exceeded':
      return event.action === 'warn'
        ? `${paint('33', '$')} budget '${event.scope}' exceeded (on_exceed: warn): the call goes on`
        : undefined;
    case 'budget-paused':
      return `${paint('33', '$')} budget '${event.scope}' is spent: the run waits for a raised limit`;
    case 'budget-webhook-failed':
      return `${paint('33', '⚠')} budget alert webhook ${event.url} failed: ${event.error}`;
    default:
      return undefined;
  }
}

function seconds(ms: number): string {
  return ms < 1_000 ? `${ms} ms` : `${(ms / 1_000).toFixed(ms % 1_000 === 0 ? 0 : 1)} s`;
}
