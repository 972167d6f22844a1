import { describe, expect, it } from 'vitest';
import { BudgetExceeded } from '../../errors/policy-errors.ts';
import { manualClock } from '../../testing/manual-clock.ts';
import type { PolicyEvent } from '../policy-event.ts';
import type { BudgetReservation } from './budget-scope.ts';
import { type CreateBudgetOptions, createBudget } from './create-budget.ts';

function recordedBudget(options: CreateBudgetOptions = {}) {
  const events: PolicyEvent[] = [];
  const clock = manualClock(1_000);
  const root = createBudget({ clock, onEvent: (event) => events.push(event), ...options });
  return {
    root,
    events,
    clock,
    ofType: (type: PolicyEvent['type']) => events.filter((e) => e.type === type),
  };
}

/** Resolves to the outcome of a promise without awaiting it in the test body's own flow. */
function track<T>(promise: Promise<T>) {
  const state: { value?: T; error?: unknown; done: boolean } = { done: false };
  promise.then(
    (value) => Object.assign(state, { value, done: true }),
    (error: unknown) => Object.assign(state, { error, done: true }),
  );
  return state;
}

/** Lets promise callbacks run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('createBudget: holds and charges', () => {
  it('holds in the scope and every ancestor, and charges all of them on settle', async () => {
    const { root } = recordedBudget({ limitUsd: 10 });
    const step = root.child('step:draft', { limitUsd: 2 });
    const agent = step.child('agent:Coder', { limitUsd: 0.5 });
    expect(agent.path).toBe('run/step:draft/agent:Coder');
    expect(agent.parent).toBe(step);

    const hold = await agent.reserve('call-1', 0.012);
    expect(hold).toMatchObject({ key: 'call-1', scope: agent, amountUsd: 0.012, state: 'held' });
    for (const scope of [agent, step, root]) expect(scope.reserved()).toBe(0.012);
    expect(agent.remaining()).toBe(0.488);

    hold.settle(0.0031);
    expect(hold.state).toBe('settled');
    expect(hold.settledUsd).toBe(0.0031);
    for (const scope of [agent, step, root]) {
      expect(scope.reserved()).toBe(0);
      expect(scope.used()).toBe(0.0031);
    }
    expect(agent.remaining()).toBe(0.4969);
    expect(step.remaining()).toBe(1.9969);
  });

  it('adds in integer nano-dollars, so sums are exact', async () => {
    const { root } = recordedBudget();
    (await root.reserve('a', 0.1)).settle(0.1);
    (await root.reserve('b', 0.2)).settle(0.2);
    expect(root.used()).toBe(0.3);
  });

  it('remaining() is the least room on the way up, never below 0, and undefined without limits', async () => {
    const { root } = recordedBudget({ limitUsd: 1 });
    const unlimited = root.child('counting');
    expect(unlimited.limit()).toBeUndefined();
    expect(unlimited.remaining()).toBe(1);
    expect(createBudget().remaining()).toBeUndefined();
    const hold = await unlimited.reserve('k', 0.25);
    expect(root.remaining()).toBe(0.75);
    hold.settle(3);
    expect(root.remaining()).toBe(0);
  });

  it('setLimit raises, lowers and removes a limit', async () => {
    const { root } = recordedBudget({ limitUsd: 1 });
    root.setLimit(2);
    expect(root.limit()).toBe(2);
    await root.reserve('a', 1.5);
    root.setLimit(undefined);
    expect(root.limit()).toBeUndefined();
    expect(root.remaining()).toBeUndefined();
  });
});

describe('createBudget: block', () => {
  it('rejects with BudgetExceeded naming the scope that does not fit, and holds nothing', async () => {
    const { root, ofType } = recordedBudget({ limitUsd: 1 });
    const agent = root.child('agent:Coder', { limitUsd: 5 });
    await agent.reserve('a', 0.7);
    const error = await agent.reserve('b', 0.4).catch((caught: unknown) => caught);
    expect(BudgetExceeded.isBudgetExceeded(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'budget_exceeded',
      scope: 'run',
      limitUsd: 1,
      spentUsd: 0,
      reservedUsd: 0.7,
      requestedUsd: 0.4,
    });
    expect(agent.reserved()).toBe(0.7);
    expect(ofType('budget-exceeded')).toEqual([
      {
        type: 'budget-exceeded',
        at: 1_000,
        scope: 'run',
        limitUsd: 1,
        spentUsd: 0,
        reservedUsd: 0.7,
        requestedUsd: 0.4,
        action: 'block',
      },
    ]);
  });

  it('lets exactly the limit through (≤, not <)', async () => {
    const { root } = recordedBudget({ limitUsd: 0.3 });
    (await root.reserve('a', 0.1)).settle(0.1);
    await root.reserve('b', 0.2);
    expect(root.remaining()).toBe(0);
    await expect(root.reserve('c', 0.000000001)).rejects.toThrow(BudgetExceeded);
  });

  it('is decided by the first scope from the leaf up that does not fit', async () => {
    const { root } = recordedBudget({ limitUsd: 1 });
    const agent = root.child('agent', { limitUsd: 0.5 });
    await expect(agent.reserve('a', 2)).rejects.toMatchObject({ scope: 'run/agent' });
  });

  it('a blocked key can be reserved again later', async () => {
    const { root } = recordedBudget({ limitUsd: 1 });
    const first = await root.reserve('a', 1);
    await expect(root.reserve('b', 0.5)).rejects.toThrow(BudgetExceeded);
    first.release();
    await expect(root.reserve('b', 0.5)).resolves.toMatchObject({ state: 'held' });
  });
});

describe('createBudget: warn', () => {
  it('emits budget-exceeded and holds anyway, so spend may pass the limit', async () => {
    const { root, ofType } = recordedBudget({ limitUsd: 1, onExceed: 'warn' });
    await root.reserve('a', 0.8);
    const over = await root.reserve('b', 0.5);
    expect(over.state).toBe('held');
    expect(root.reserved()).toBe(1.3);
    expect(ofType('budget-exceeded')).toMatchObject([
      { scope: 'run', action: 'warn', reservedUsd: 0.8, requestedUsd: 0.5 },
    ]);
    over.settle(0.5);
    expect(root.remaining()).toBe(0);
  });

  it('passes only its own limit: a blocking ancestor still blocks', async () => {
    const { root, ofType } = recordedBudget({ limitUsd: 1 });
    const agent = root.child('agent', { limitUsd: 0.1, onExceed: 'warn' });
    await agent.reserve('a', 0.5);
    await expect(agent.reserve('b', 0.6)).rejects.toMatchObject({ scope: 'run' });
    expect(ofType('budget-exceeded').map((event) => 'action' in event && event.action)).toEqual([
      'warn',
      'block',
    ]);
    expect(root.reserved()).toBe(0.5);
  });
});

describe('createBudget: pause', () => {
  it('waits until room is freed, then holds and emits budget-resumed', async () => {
    const { root, clock, events } = recordedBudget({ limitUsd: 1, onExceed: 'pause' });
    const first = await root.reserve('a', 0.8);
    const waiting = track(root.reserve('b', 0.5));
    await flush();
    expect(waiting.done).toBe(false);
    expect(root.reserved()).toBe(0.8);
    expect(events.map((event) => event.type)).toEqual(['budget-exceeded', 'budget-paused']);
    expect(events[1]).toEqual({ type: 'budget-paused', at: 1_000, scope: 'run', requestedUsd: 0.5 });

    clock.advance(250);
    first.settle(0.4);
    await flush();
    expect(waiting.value).toMatchObject({ key: 'b', state: 'held', amountUsd: 0.5 });
    expect(root.reserved()).toBe(0.5);
    expect(events.at(-1)).toEqual({ type: 'budget-resumed', at: 1_250, scope: 'run', waitedMs: 250 });
  });

  it('goes on when the limit is raised, anywhere on the way up', async () => {
    const { root } = recordedBudget({ limitUsd: 5, onExceed: 'pause' });
    const agent = root.child('agent', { onExceed: 'pause', limitUsd: 5 });
    const step = agent.child('step', { onExceed: 'pause' });
    await step.reserve('a', 4);
    const waiting = track(step.reserve('b', 2));
    await flush();
    expect(waiting.done).toBe(false);
    root.setLimit(10);
    await flush();
    expect(waiting.done).toBe(false);
    agent.setLimit(6);
    await flush();
    expect(waiting.value?.state).toBe('held');
  });

  it('checks paused requests again oldest first', async () => {
    const { root } = recordedBudget({ limitUsd: 1, onExceed: 'pause' });
    const first = await root.reserve('a', 1);
    const order: string[] = [];
    const waits = ['b', 'c', 'd'].map((key) =>
      root.reserve(key, 0.4).then((hold) => {
        order.push(key);
        return hold;
      }),
    );
    first.release();
    const holds = await Promise.all(waits.slice(0, 2));
    expect(order).toEqual(['b', 'c']);
    expect(root.reserved()).toBe(0.8);
    holds[0]?.release();
    await waits[2];
    expect(order).toEqual(['b', 'c', 'd']);
  });

  it('an abort rejects with signal.reason and gives the place up', async () => {
    const { root } = recordedBudget({ limitUsd: 1, onExceed: 'pause' });
    const first = await root.reserve('a', 1);
    const controller = new AbortController();
    const waiting = root.reserve('b', 0.5, { signal: controller.signal });
    const reason = new Error('user cancelled');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    first.release();
    expect(root.reserved()).toBe(0);
    // The key is free again: a new reservation of it is a new request.
    await expect(root.reserve('b', 0.5)).resolves.toMatchObject({ state: 'held' });
  });

  it('an already aborted signal rejects at once', async () => {
    const { root } = recordedBudget({ limitUsd: 1, onExceed: 'pause' });
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    await expect(root.reserve('a', 0.1, { signal: controller.signal })).rejects.toThrow('gone');
    expect(root.reserved()).toBe(0);
  });

  it('a paused request that a blocking scope then refuses ends in BudgetExceeded', async () => {
    const { root } = recordedBudget({ limitUsd: 1 });
    const agent = root.child('agent', { limitUsd: 0.5, onExceed: 'pause' });
    const first = await agent.reserve('a', 0.2);
    const waiting = agent.reserve('b', 0.4);
    // While 'b' waits for the agent's room, the run's room is taken by someone else.
    const other = await root.reserve('other', 0.7);
    first.release();
    await expect(waiting).rejects.toMatchObject({ code: 'budget_exceeded', scope: 'run' });
    other.release();
    expect(root.reserved()).toBe(0);
  });

  it('reserving a paused key joins the wait', async () => {
    const { root } = recordedBudget({ limitUsd: 1, onExceed: 'pause' });
    const first = await root.reserve('a', 1);
    const one = root.reserve('b', 0.5);
    const two = root.reserve('b', 0.5);
    first.release();
    expect(await one).toBe(await two);
    expect(root.reserved()).toBe(0.5);
  });

  it('an abort by one caller of a paused key leaves the others waiting', async () => {
    const { root } = recordedBudget({ limitUsd: 1, onExceed: 'pause' });
    const first = await root.reserve('a', 1);
    const controller = new AbortController();
    const one = root.reserve('b', 0.5, { signal: controller.signal });
    const two = track(root.reserve('b', 0.5));
    controller.abort(new Error('only me'));
    await expect(one).rejects.toThrow('only me');
    expect(two.done).toBe(false);
    first.release();
    await flush();
    expect(two.value?.state).toBe('held');
    expect(root.reserved()).toBe(0.5);
  });
});

describe('createBudget: keys', () => {
  it('a held key returns the same reservation and holds nothing more', async () => {
    const { root } = recordedBudget({ limitUsd: 1 });
    const first = await root.reserve('call-1', 0.6);
    const again = await root.reserve('call-1', 0.6);
    expect(again).toBe(first);
    expect(root.reserved()).toBe(0.6);
  });

  it('keys are unique in the whole tree', async () => {
    const { root } = recordedBudget();
    const first = await root.child('a').reserve('call-1', 0.6);
    expect(await root.child('b').reserve('call-1', 0.9)).toBe(first);
    expect(root.reserved()).toBe(0.6);
  });

  it('a settled key returns its settled reservation and never charges again', async () => {
    const { root } = recordedBudget();
    const first = await root.reserve('call-1', 0.6);
    first.settle(0.5);
    const again: BudgetReservation = await root.reserve('call-1', 0.6);
    expect(again).toBe(first);
    expect(again.state).toBe('settled');
    again.settle(0.5);
    expect(root.used()).toBe(0.5);
    expect(root.reserved()).toBe(0);
  });

  it('a released key holds again, as a new reservation: the retry of a failed call', async () => {
    const { root } = recordedBudget({ limitUsd: 1 });
    const first = await root.reserve('call-1', 0.6);
    first.release();
    expect(root.reserved()).toBe(0);
    const retry = await root.reserve('call-1', 0.7);
    expect(retry).not.toBe(first);
    expect(retry.state).toBe('held');
    expect(root.reserved()).toBe(0.7);
    // The old handle is finished: it neither frees nor charges the new hold.
    first.release();
    first.settle(0.1);
    expect(root.reserved()).toBe(0.7);
    retry.settle(0.2);
    expect(root.used()).toBe(0.2);
  });

  it('settle and release act once; later calls are no-ops', async () => {
    const { root } = recordedBudget();
    const hold = await root.reserve('a', 0.5);
    hold.settle(0.2);
    hold.settle(0.3);
    hold.release();
    expect(hold.state).toBe('settled');
    expect(root.used()).toBe(0.2);
    const other = await root.reserve('b', 0.5);
    other.release();
    other.settle(0.5);
    expect(other.state).toBe('released');
    expect(other.settledUsd).toBeUndefined();
    expect(root.used()).toBe(0.2);
  });
});

describe('createBudget: settling more than held', () => {
  it('charges it and reports a scope taken past its limit', async () => {
    const { root, ofType } = recordedBudget({ limitUsd: 1 });
    (await root.reserve('a', 0.5)).settle(0.7);
    expect(ofType('budget-exceeded')).toEqual([]);
    (await root.reserve('b', 0.1)).settle(0.4);
    expect(root.used()).toBe(1.1);
    expect(ofType('budget-exceeded')).toMatchObject([
      { scope: 'run', action: 'warn', spentUsd: 0.7, reservedUsd: 0, requestedUsd: 0.4, limitUsd: 1 },
    ]);
  });
});

describe('createBudget: invalid input', () => {
  it('rejects negative, NaN and infinite amounts with a TypeError', async () => {
    const { root } = recordedBudget({ limitUsd: 1 });
    for (const amount of [-0.01, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(root.reserve('a', amount)).rejects.toThrow(TypeError);
      expect(() => root.setLimit(amount)).toThrow(TypeError);
    }
    const hold = await root.reserve('a', 0.1);
    expect(() => hold.settle(-1)).toThrow(TypeError);
    expect(() => hold.settle(Number.NaN)).toThrow(TypeError);
    expect(hold.state).toBe('held');
    expect(root.limit()).toBe(1);
  });

  it('rejects options that cannot work', () => {
    expect(() => createBudget({ limitUsd: -1 })).toThrow(TypeError);
    expect(() => createBudget({ name: '' })).toThrow(TypeError);
    const root = createBudget();
    expect(() => root.child('a/b')).toThrow(TypeError);
    expect(() => root.child('a', { alerts: [0] })).toThrow(TypeError);
    expect(() => root.child('a', { alerts: [Number.NaN] })).toThrow(TypeError);
    expect(() => root.child('a', { webhook: 'not a url' })).toThrow(TypeError);
    expect(() => root.child('a', { webhook: 'file:///etc/passwd' })).toThrow(TypeError);
    // @ts-expect-error: a value from untyped configuration
    expect(() => root.child('a', { onExceed: 'explode' })).toThrow(TypeError);
  });

  it('a listener that throws breaks nothing', async () => {
    const root = createBudget({
      limitUsd: 1,
      onEvent: () => {
        throw new Error('broken listener');
      },
    });
    await expect(root.reserve('a', 2)).rejects.toThrow(BudgetExceeded);
    (await root.reserve('b', 1)).settle(1);
    expect(root.used()).toBe(1);
  });
});
