import type { Clock } from '../../spec/clock.ts';
import type { BudgetThresholdEvent, BudgetWebhookFailedEvent } from '../policy-event.ts';

/** How long a webhook may take to answer before it counts as failed. */
export const BUDGET_WEBHOOK_TIMEOUT_MS = 10_000;

/** What a delivery needs (internal). */
export interface WebhookDelivery {
  readonly clock: Clock;
  readonly fetch: typeof fetch;
  readonly onFailure: (event: BudgetWebhookFailedEvent) => void;
}

/**
 * POSTs a crossed threshold as JSON: `{ event: 'budget-threshold', scope, threshold, limitUsd,
 * spentUsd, at }`. Never rejects: a network error, a non-2xx answer or no answer within
 * {@link BUDGET_WEBHOOK_TIMEOUT_MS} (on the injected clock) is reported through `onFailure`, because an
 * alert that could not be delivered must not fail the call that crossed the threshold.
 */
export async function postBudgetWebhook(
  url: string,
  event: BudgetThresholdEvent,
  delivery: WebhookDelivery,
): Promise<void> {
  const { clock } = delivery;
  const controller = new AbortController();
  const timer = clock.setTimeout(
    () => controller.abort(new Error(`no answer within ${BUDGET_WEBHOOK_TIMEOUT_MS} ms`)),
    BUDGET_WEBHOOK_TIMEOUT_MS,
  );
  try {
    const response = await delivery.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        event: event.type,
        scope: event.scope,
        threshold: event.threshold,
        limitUsd: event.limitUsd,
        spentUsd: event.spentUsd,
        at: event.at,
      }),
      signal: controller.signal,
    });
    // Nobody reads the answer; cancelling it frees the connection.
    await response.body?.cancel().catch(() => undefined);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    delivery.onFailure({ type: 'budget-webhook-failed', at: clock.now(), url, error: describeError(error) });
  } finally {
    clock.clearTimeout(timer);
  }
}

/** `fetch failed: connect ECONNREFUSED 127.0.0.1:9`: undici puts the useful part in `cause`. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}
