import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../testing/manual-clock.ts';
import type { BudgetThresholdEvent, PolicyEvent } from '../policy-event.ts';
import { createBudget } from './create-budget.ts';
import { BUDGET_WEBHOOK_TIMEOUT_MS } from './post-budget-webhook.ts';

interface ReceivedRequest {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

/** A webhook receiver on 127.0.0.1; `answer` decides each response (or leaves it unanswered). */
async function startReceiver(answer: (response: ServerResponse) => void = (response) => response.end('ok')) {
  const requests: ReceivedRequest[] = [];
  const waiters: Array<() => void> = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method,
        url: request.url,
        contentType: request.headers['content-type'],
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      for (const wake of waiters.splice(0)) wake();
      answer(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver = {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Resolves once `count` requests have arrived. */
    async received(count: number): Promise<void> {
      while (requests.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
  closeAfter.push(receiver.close);
  return receiver;
}

let closeAfter: Array<() => Promise<void>> = [];
afterEach(async () => {
  const closing = closeAfter;
  closeAfter = [];
  await Promise.allSettled(closing.map((close) => close()));
});

function recorded() {
  const events: PolicyEvent[] = [];
  const waiters: Array<() => void> = [];
  return {
    events,
    onEvent(event: PolicyEvent) {
      events.push(event);
      for (const wake of waiters.splice(0)) wake();
    },
    thresholds: () =>
      events.filter((event): event is BudgetThresholdEvent => event.type === 'budget-threshold'),
    /** Resolves with the first event of `type`, once there is one. */
    async next<T extends PolicyEvent['type']>(type: T): Promise<Extract<PolicyEvent, { type: T }>> {
      for (;;) {
        const found = events.find((event): event is Extract<PolicyEvent, { type: T }> => event.type === type);
        if (found !== undefined) return found;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}

async function spend(scope: ReturnType<typeof createBudget>, key: string, usd: number): Promise<void> {
  (await scope.reserve(key, usd)).settle(usd);
}

describe('budget alerts', () => {
  it('fires each threshold once, when settled spend reaches it', async () => {
    const log = recorded();
    const root = createBudget({ limitUsd: 10, clock: manualClock(5), onEvent: log.onEvent });
    await root.reserve('held', 9); // holds do not count
    expect(log.thresholds()).toEqual([]);
    (await root.reserve('held', 9)).release();
    await spend(root, 'a', 4.999999999);
    expect(log.thresholds()).toEqual([]);
    await spend(root, 'b', 0.000000001);
    expect(log.thresholds()).toEqual([
      { type: 'budget-threshold', at: 5, scope: 'run', threshold: 0.5, limitUsd: 10, spentUsd: 5 },
    ]);
    await spend(root, 'c', 1);
    expect(log.thresholds()).toHaveLength(1);
    // One settlement crossing several thresholds fires each of them, lowest first.
    await spend(root, 'd', 3.5);
    expect(log.thresholds().map((event) => event.threshold)).toEqual([0.5, 0.75, 0.9]);
    await spend(root, 'e', 0.5);
    await spend(root, 'f', 0);
    expect(log.thresholds().map((event) => event.threshold)).toEqual([0.5, 0.75, 0.9, 1]);
  });

  it('each scope has its own thresholds; a scope without a limit has none', async () => {
    const log = recorded();
    const root = createBudget({ limitUsd: 100, onEvent: log.onEvent });
    const agent = root.child('agent', { limitUsd: 1, alerts: [0.2, 0.6] });
    const counting = agent.child('counting');
    await spend(counting, 'a', 0.7);
    expect(log.thresholds().map((event) => [event.scope, event.threshold])).toEqual([
      ['run/agent', 0.2],
      ['run/agent', 0.6],
    ]);
  });

  it('setLimit re-arms the thresholds above the new ratio and fires those it puts the spend past', async () => {
    const log = recorded();
    const root = createBudget({ limitUsd: 10, onEvent: log.onEvent });
    await spend(root, 'a', 6);
    expect(log.thresholds().map((event) => event.threshold)).toEqual([0.5]);
    root.setLimit(20); // 30 %: 0.5 may fire again
    await spend(root, 'b', 4);
    expect(log.thresholds().map((event) => [event.threshold, event.limitUsd])).toEqual([
      [0.5, 10],
      [0.5, 20],
    ]);
    root.setLimit(11); // 91 %
    expect(log.thresholds().map((event) => [event.threshold, event.limitUsd])).toEqual([
      [0.5, 10],
      [0.5, 20],
      [0.75, 11],
      [0.9, 11],
    ]);
  });

  it('POSTs each alert as JSON to the webhook', async () => {
    const receiver = await startReceiver();
    const log = recorded();
    const root = createBudget({
      limitUsd: 2,
      alerts: [0.5],
      webhook: `${receiver.url}/budget`,
      clock: manualClock(1_700_000_000_000),
      onEvent: log.onEvent,
    });
    await spend(root, 'a', 1.5);
    await receiver.received(1);
    expect(receiver.requests).toEqual([
      {
        method: 'POST',
        url: '/budget',
        contentType: 'application/json',
        body: {
          event: 'budget-threshold',
          scope: 'run',
          threshold: 0.5,
          limitUsd: 2,
          spentUsd: 1.5,
          at: 1_700_000_000_000,
        },
      },
    ]);
    expect(log.events.filter((event) => event.type === 'budget-webhook-failed')).toEqual([]);
  });

  it('a scope without a webhook uses its nearest ancestor’s; its own wins', async () => {
    const inherited = await startReceiver();
    const own = await startReceiver();
    const root = createBudget({
      limitUsd: 100,
      alerts: [0.99],
      webhook: `${inherited.url}/root`,
      clock: manualClock(0),
    });
    const step = root.child('step', { limitUsd: 100 });
    const agent = step.child('agent', { limitUsd: 1, alerts: [1] });
    const other = step.child('other', { limitUsd: 1, alerts: [1], webhook: `${own.url}/other` });
    await spend(agent, 'a', 1);
    await spend(other, 'b', 1);
    await inherited.received(1);
    await own.received(1);
    expect(inherited.requests.map((request) => (request.body as { scope: string }).scope)).toEqual([
      'run/step/agent',
    ]);
    expect(own.requests.map((request) => (request.body as { scope: string }).scope)).toEqual([
      'run/step/other',
    ]);
  });

  it('a webhook nobody listens on emits budget-webhook-failed; the caller sees nothing', async () => {
    const gone = await startReceiver();
    await gone.close();
    const log = recorded();
    const root = createBudget({
      limitUsd: 1,
      alerts: [0.5],
      webhook: gone.url,
      clock: manualClock(0),
      onEvent: log.onEvent,
    });
    await expect(spend(root, 'a', 0.6)).resolves.toBeUndefined();
    const failure = await log.next('budget-webhook-failed');
    expect(failure).toMatchObject({ type: 'budget-webhook-failed', url: gone.url });
    expect(failure.error).toMatch(/ECONNREFUSED|fetch failed/);
  });

  it('a webhook that answers with an error status emits budget-webhook-failed', async () => {
    const receiver = await startReceiver((response) => {
      response.statusCode = 500;
      response.end('boom');
    });
    const log = recorded();
    const root = createBudget({
      limitUsd: 1,
      alerts: [0.5],
      webhook: receiver.url,
      clock: manualClock(0),
      onEvent: log.onEvent,
    });
    await spend(root, 'a', 0.6);
    expect(await log.next('budget-webhook-failed')).toMatchObject({ url: receiver.url, error: 'HTTP 500' });
  });

  it('a webhook that does not answer fails after the timeout, on the injected clock', async () => {
    const receiver = await startReceiver(() => {
      // Never answers.
    });
    const clock = manualClock(0);
    const log = recorded();
    const root = createBudget({
      limitUsd: 1,
      alerts: [0.5],
      webhook: receiver.url,
      clock,
      onEvent: log.onEvent,
    });
    await spend(root, 'a', 0.6);
    await receiver.received(1);
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(BUDGET_WEBHOOK_TIMEOUT_MS);
    expect(await log.next('budget-webhook-failed')).toMatchObject({
      at: BUDGET_WEBHOOK_TIMEOUT_MS,
      error: `no answer within ${BUDGET_WEBHOOK_TIMEOUT_MS} ms`,
    });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('uses the injected fetch; a fetch that throws at once is a failure too', async () => {
    const log = recorded();
    const root = createBudget({
      limitUsd: 1,
      alerts: [0.5],
      webhook: 'https://alerts.example/budget',
      clock: manualClock(0),
      onEvent: log.onEvent,
      fetch: () => {
        throw new TypeError('no network in this test');
      },
    });
    await spend(root, 'a', 0.6);
    expect(await log.next('budget-webhook-failed')).toMatchObject({
      url: 'https://alerts.example/budget',
      error: 'no network in this test',
    });
    expect(log.events.map((event) => event.type)).toEqual(['budget-threshold', 'budget-webhook-failed']);
  });
});
