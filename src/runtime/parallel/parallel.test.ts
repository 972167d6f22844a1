import { getEventListeners } from 'node:events';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { VegaError } from '../../errors/vega-error.ts';
import { map } from './map.ts';
import { parallel } from './parallel.ts';
import { ParallelFailed } from './parallel-failed.ts';
import type { Task } from './parallel-options.ts';

interface Deferred<T> {
  readonly promise: Promise<T>;
  readonly resolve: (value: T) => void;
  readonly reject: (error: unknown) => void;
}

const deferred = <T>(): Deferred<T> => Promise.withResolvers<T>();

/** Lets every pending promise callback run; a macrotask turn, not a sleep. */
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Observes a promise without awaiting it, so a test can ask whether it has settled yet. */
function track<T>(promise: Promise<T>): { settled: boolean; readonly promise: Promise<T> } {
  const state = { settled: false, promise };
  promise.then(
    () => {
      state.settled = true;
    },
    () => {
      state.settled = true;
    },
  );
  return state;
}

/**
 * Tasks that wait on deferreds the test controls, and record when they start, which signal they got,
 * and whether they are running.
 */
function controlledTasks(count: number) {
  const gates = Array.from({ length: count }, () => deferred<number>());
  const started: number[] = [];
  const signals: AbortSignal[] = [];
  const running = new Set<number>();
  const tasks: Task<number>[] = gates.map((gate, index) => async (signal) => {
    started.push(index);
    signals[index] = signal;
    running.add(index);
    try {
      return await gate.promise;
    } finally {
      running.delete(index);
    }
  });
  return { gates, started, signals, running, tasks };
}

/** A task that rejects with the signal's reason as soon as it is aborted, as well-behaved tasks do. */
function abortable(gate: Deferred<number>): Task<number> {
  return (signal) =>
    new Promise<number>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      gate.promise.then(resolve, reject);
    });
}

const abortListeners = (signal: AbortSignal): number => getEventListeners(signal, 'abort').length;

describe('parallel: results and concurrency', () => {
  it('resolves with results in input order whatever the completion order', async () => {
    const { gates, tasks } = controlledTasks(4);
    const call = parallel(tasks);
    for (const index of [2, 0, 3, 1]) gates[index]!.resolve(index * 10);
    await expect(call).resolves.toEqual([0, 10, 20, 30]);
  });

  it('starts every task at once by default', async () => {
    const { gates, started, tasks } = controlledTasks(5);
    const call = parallel(tasks);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    for (const gate of gates) gate.resolve(1);
    await call;
  });

  it('runs at most `concurrency` tasks at once, starting them in input order as slots free up', async () => {
    const { gates, started, running, tasks } = controlledTasks(5);
    const call = parallel(tasks, { concurrency: 2 });
    expect(started).toEqual([0, 1]);
    gates[1]!.resolve(1);
    await flush();
    expect(started).toEqual([0, 1, 2]);
    expect(running.size).toBe(2);
    gates[0]!.resolve(0);
    gates[2]!.resolve(2);
    await flush();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    gates[4]!.resolve(4);
    gates[3]!.resolve(3);
    await expect(call).resolves.toEqual([0, 1, 2, 3, 4]);
  });

  it('accepts Infinity as an explicit "no limit"', async () => {
    await expect(parallel([() => 1, () => 2], { concurrency: Number.POSITIVE_INFINITY })).resolves.toEqual([
      1, 2,
    ]);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.NEGATIVE_INFINITY])(
    'rejects concurrency %s with a RangeError and starts nothing',
    async (concurrency) => {
      let started = false;
      const call = parallel(
        [
          () => {
            started = true;
          },
        ],
        { concurrency },
      );
      await expect(call).rejects.toThrow(RangeError);
      await expect(call).rejects.toThrow(/concurrency must be an integer of at least 1/);
      expect(started).toBe(false);
    },
  );

  it('rejects an unknown mode with a RangeError', async () => {
    const options = { mode: 'best-effort' } as unknown as { mode: 'fail-fast' };
    await expect(parallel([() => 1], options)).rejects.toThrow(RangeError);
  });

  it('resolves with [] for no tasks', async () => {
    await expect(parallel([])).resolves.toEqual([]);
    await expect(parallel([], { mode: 'collect-all', concurrency: 3 })).resolves.toEqual([]);
  });

  it('accepts tasks that return plain values', async () => {
    await expect(parallel([() => 'a', async () => 'b', () => 'c'], { concurrency: 1 })).resolves.toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('types a tuple of tasks as a tuple of results', async () => {
    const [count, name] = await parallel([() => 1, async () => 'x']);
    expectTypeOf(count).toEqualTypeOf<number>();
    expectTypeOf(name).toEqualTypeOf<string>();
    const tasks: Task<boolean>[] = [() => true];
    expectTypeOf(await parallel(tasks)).toEqualTypeOf<boolean[]>();
  });
});

describe('parallel: signals', () => {
  it('gives each task its own signal, which the outer signal aborts', async () => {
    const outer = new AbortController();
    const { gates, signals, tasks } = controlledTasks(3);
    const call = track(parallel(tasks, { signal: outer.signal }));
    expect(new Set(signals).size).toBe(3);
    expect(signals.some((signal) => signal === outer.signal)).toBe(false);
    expect(signals.every((signal) => !signal.aborted)).toBe(true);
    const reason = new Error('shutting down');
    outer.abort(reason);
    expect(signals.map((signal) => signal.reason)).toEqual([reason, reason, reason]);
    for (const gate of gates) gate.resolve(0);
    await expect(call.promise).rejects.toBe(reason);
  });
});

describe('parallel: fail-fast', () => {
  it('aborts running siblings, starts nothing more, waits for them, and rejects with the first error', async () => {
    const { gates, started, signals, running, tasks } = controlledTasks(4);
    const call = track(parallel(tasks, { concurrency: 3 }));
    const first = new Error('first');
    gates[1]!.reject(first);
    await flush();

    expect(signals[0]!.aborted).toBe(true);
    expect(signals[2]!.aborted).toBe(true);
    expect(signals[0]!.reason).toMatchObject({ name: 'AbortError', cause: first });
    expect(signals[0]!.reason).toBeInstanceOf(DOMException);
    expect(started).toEqual([0, 1, 2]);
    // Tasks 0 and 2 ignore their signals: the call must wait for them.
    expect(call.settled).toBe(false);

    gates[2]!.reject(new Error('second'));
    await flush();
    expect(call.settled).toBe(false);
    gates[0]!.resolve(0);
    await expect(call.promise).rejects.toBe(first);
    expect(running.size).toBe(0);
    expect(started).toEqual([0, 1, 2]);
  });

  it('is the default mode', async () => {
    const { gates, started, tasks } = controlledTasks(3);
    const call = parallel(tasks, { concurrency: 1 });
    gates[0]!.reject(new Error('boom'));
    await expect(call).rejects.toThrow('boom');
    expect(started).toEqual([0]);
  });

  it('counts a synchronous throw as a failure', async () => {
    const boom = new Error('sync boom');
    const after: string[] = [];
    const call = parallel(
      [
        () => {
          throw boom;
        },
        () => after.push('started'),
      ],
      { concurrency: 1 },
    );
    await expect(call).rejects.toBe(boom);
    expect(after).toEqual([]);
  });

  it('lets well-behaved siblings end at once through their signals', async () => {
    const gates = [deferred<number>(), deferred<number>(), deferred<number>()];
    const call = parallel(gates.map(abortable));
    const boom = new Error('boom');
    gates[1]!.reject(boom);
    await expect(call).rejects.toBe(boom);
  });
});

describe('parallel: collect-all', () => {
  it('runs every task and reports every failure with the partial results', async () => {
    const { gates, started, signals, tasks } = controlledTasks(4);
    const call = parallel(tasks, { mode: 'collect-all', concurrency: 2 });
    const third = new Error('disk full');
    gates[3]!.resolve(3);
    gates[1]!.reject(new Error('network down'));
    await flush();
    expect(signals[0]!.aborted).toBe(false);
    gates[2]!.reject(third);
    gates[0]!.resolve(0);

    const error = await call.then(
      () => expect.unreachable('the call should fail'),
      (failure: unknown) => failure,
    );
    expect(started).toEqual([0, 1, 2, 3]);
    expect(error).toBeInstanceOf(ParallelFailed);
    expect(VegaError.isInstance(error)).toBe(true);
    const failed = error as ParallelFailed<number>;
    expect(failed.code).toBe('parallel_failed');
    expect(failed.message).toBe('2 of 4 tasks failed; the first (task 1): network down');
    expect(failed.cause).toEqual(new Error('network down'));
    expect(failed.errors.map((failure) => failure.index)).toEqual([1, 2]);
    expect(failed.errors[1]!.error).toBe(third);
    expect(failed.results).toEqual([
      { status: 'fulfilled', value: 0 },
      { status: 'rejected', reason: new Error('network down') },
      { status: 'rejected', reason: third },
      { status: 'fulfilled', value: 3 },
    ]);
  });

  it('counts synchronous throws and non-Error rejections as failures', async () => {
    const call = parallel<string>(
      [
        () => {
          throw new Error('sync');
        },
        () => 'ok',
        () => Promise.reject('plain string'),
      ],
      { mode: 'collect-all' },
    );
    await expect(call).rejects.toMatchObject({
      message: '2 of 3 tasks failed; the first (task 0): sync',
      results: [
        { status: 'rejected', reason: new Error('sync') },
        { status: 'fulfilled', value: 'ok' },
        { status: 'rejected', reason: 'plain string' },
      ],
    });
  });

  it('resolves normally when nothing failed', async () => {
    await expect(parallel([() => 1, async () => 2], { mode: 'collect-all' })).resolves.toEqual([1, 2]);
  });
});

describe('parallel: the outer signal', () => {
  it('aborts running tasks, starts no more, waits for the started ones, and rejects with its reason', async () => {
    const outer = new AbortController();
    const { gates, started, signals, running, tasks } = controlledTasks(4);
    const call = track(parallel(tasks, { concurrency: 2, signal: outer.signal, mode: 'collect-all' }));
    const reason = new Error('user cancelled');
    outer.abort(reason);
    expect(signals[0]!.reason).toBe(reason);
    expect(signals[1]!.reason).toBe(reason);

    gates[0]!.resolve(0);
    await flush();
    expect(started).toEqual([0, 1]);
    expect(call.settled).toBe(false);
    gates[1]!.reject(reason);
    await expect(call.promise).rejects.toBe(reason);
    expect(running.size).toBe(0);
  });

  it('rejects with an AbortError DOMException when aborted without a reason', async () => {
    const outer = new AbortController();
    const gates = [deferred<number>()];
    const call = parallel(gates.map(abortable), { signal: outer.signal });
    outer.abort();
    const error = await call.catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(DOMException);
    expect(error).toMatchObject({ name: 'AbortError' });
  });

  it('rejects at once, starting nothing, when already aborted', async () => {
    const reason = new Error('too late');
    let started = 0;
    await expect(parallel([() => started++], { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await expect(parallel([], { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(started).toBe(0);
  });

  it('keeps the first failure as the outcome when the signal aborts afterwards', async () => {
    const outer = new AbortController();
    const { gates, tasks } = controlledTasks(2);
    const call = parallel(tasks, { signal: outer.signal });
    const boom = new Error('boom');
    gates[0]!.reject(boom);
    await flush();
    outer.abort(new Error('late abort'));
    gates[1]!.resolve(1);
    await expect(call).rejects.toBe(boom);
  });

  it('removes its listener from the outer signal whatever the outcome', async () => {
    const outer = new AbortController();
    const { signal } = outer;

    const succeeding = controlledTasks(2);
    const success = parallel(succeeding.tasks, { signal });
    expect(abortListeners(signal)).toBe(1);
    for (const gate of succeeding.gates) gate.resolve(1);
    await success;
    expect(abortListeners(signal)).toBe(0);

    await expect(parallel([() => Promise.reject(new Error('x')), () => 1], { signal })).rejects.toThrow();
    expect(abortListeners(signal)).toBe(0);

    await expect(
      parallel([() => Promise.reject(new Error('x')), () => 1], { signal, mode: 'collect-all' }),
    ).rejects.toThrow(ParallelFailed);
    expect(abortListeners(signal)).toBe(0);

    await expect(parallel([() => 1], { signal, concurrency: 0 })).rejects.toThrow(RangeError);
    await expect(parallel([() => 1, () => 2], { signal })).resolves.toEqual([1, 2]);
    expect(abortListeners(signal)).toBe(0);

    const aborting = controlledTasks(1);
    const aborted = parallel(aborting.tasks, { signal });
    outer.abort();
    aborting.gates[0]!.resolve(0);
    await expect(aborted).rejects.toThrow();
    expect(abortListeners(signal)).toBe(0);
  });
});

describe('map', () => {
  it('maps items in input order, passing the index and a signal', async () => {
    const seen: [string, number, boolean][] = [];
    const result = await map(
      ['a', 'bb', 'ccc'],
      async (item, index, signal) => {
        seen.push([item, index, signal instanceof AbortSignal]);
        return item.length;
      },
      { concurrency: 2 },
    );
    expect(result).toEqual([1, 2, 3]);
    expect(seen).toEqual([
      ['a', 0, true],
      ['bb', 1, true],
      ['ccc', 2, true],
    ]);
  });

  it('pulls from an iterable only when a slot is free', async () => {
    const pulled: number[] = [];
    function* numbers() {
      for (let value = 0; value < 5; value++) {
        pulled.push(value);
        yield value;
      }
    }
    const gates = Array.from({ length: 5 }, () => deferred<number>());
    const call = map(numbers(), (value) => gates[value]!.promise, { concurrency: 2 });
    expect(pulled).toEqual([0, 1]);
    gates[0]!.resolve(0);
    await flush();
    expect(pulled).toEqual([0, 1, 2]);
    for (const [value, gate] of gates.entries()) gate.resolve(value);
    await expect(call).resolves.toEqual([0, 1, 2, 3, 4]);
  });

  it('stops an endless generator on failure and closes it', async () => {
    let closed = false;
    function* forever() {
      try {
        for (let value = 0; ; value++) yield value;
      } finally {
        closed = true;
      }
    }
    const call = map(
      forever(),
      async (value) => {
        if (value === 3) throw new Error('three');
        return value;
      },
      { concurrency: 2 },
    );
    await expect(call).rejects.toThrow('three');
    expect(closed).toBe(true);
  });

  it('does not touch the iterable when the signal is already aborted', async () => {
    let pulled = false;
    function* items() {
      pulled = true;
      yield 1;
    }
    await expect(map(items(), (value) => value, { signal: AbortSignal.abort() })).rejects.toThrow();
    expect(pulled).toBe(false);
  });

  it('rejects with the error of a throwing iterator, after cancelling what runs', async () => {
    const broken = new Error('cannot read the next item');
    const signals: AbortSignal[] = [];
    const gate = deferred<number>();
    let pulls = 0;
    const items: Iterable<number> = {
      [Symbol.iterator]: () => ({
        next: () => {
          pulls++;
          if (pulls === 1) return { done: false, value: 0 };
          throw broken;
        },
      }),
    };
    const call = map(
      items,
      (value, _index, signal) => {
        signals.push(signal);
        return value === 0 ? gate.promise : value;
      },
      { mode: 'collect-all' },
    );
    expect(signals[0]!.aborted).toBe(true);
    expect(signals[0]!.reason).toMatchObject({ name: 'AbortError', cause: broken });
    gate.resolve(0);
    await expect(call).rejects.toBe(broken);
  });

  it('does not start an item pulled while the signal aborted, and closes the iterator', async () => {
    const outer = new AbortController();
    const started: number[] = [];
    let closed = false;
    function* items() {
      try {
        yield 0;
        outer.abort(new Error('stop'));
        yield 1;
        yield 2;
      } finally {
        closed = true;
      }
    }
    const call = map(items(), (value) => started.push(value), { signal: outer.signal });
    await expect(call).rejects.toThrow('stop');
    expect(started).toEqual([0]);
    expect(closed).toBe(true);
  });

  it('resolves with [] for an empty iterable', async () => {
    await expect(map(new Set<number>(), (value) => value)).resolves.toEqual([]);
  });

  it('counts synchronous throws as failures', async () => {
    const call = map(
      [1, 2, 3],
      (value) => {
        if (value === 2) throw new Error('two');
        return value;
      },
      { mode: 'collect-all' },
    );
    await expect(call).rejects.toMatchObject({
      errors: [{ index: 1, error: new Error('two') }],
      results: [
        { status: 'fulfilled', value: 1 },
        { status: 'rejected', reason: new Error('two') },
        { status: 'fulfilled', value: 3 },
      ],
    });
  });
});
