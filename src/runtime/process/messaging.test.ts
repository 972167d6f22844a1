import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectNoLeaks } from '../../../test/support/expect-no-leaks.ts';
import { setup } from '../../../test/support/process-fixtures.ts';
import {
  ConcurrentReceive,
  NoSuchProcess,
  ProcessAborted,
  ProcessCrashed,
  ProcessExited,
  ReceiveTimeout,
} from '../../errors/process-errors.ts';
import { VegaError } from '../../errors/vega-error.ts';
import type { RuntimeEvent } from '../runtime-event.ts';
import { CallMessage, isCallMessage } from './call-message.ts';
import { createProcessRuntime } from './process-runtime.ts';
import type { Self } from './self.ts';

/** What `run` throws; fails the test if it does not throw. */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** Answers every call with `request`, until told 'stop'. */
async function echoBody(self: Self): Promise<void> {
  for (;;) {
    const message = await self.receive();
    if (message === 'stop') return;
    if (message instanceof CallMessage) message.reply(message.request);
  }
}

describe('spawn', () => {
  it('returns a live pid at once and runs the body from a microtask', async () => {
    const { clock, runtime } = setup();
    let started = false;
    const pid = runtime.spawn(async () => {
      started = true;
    });
    expect(started).toBe(false);
    expect(pid.alive).toBe(true);
    expect(pid.exitReason).toBeUndefined();
    await Promise.resolve();
    expect(started).toBe(true);
    expect(await runtime.whenExited(pid)).toBe('normal');
    await expectNoLeaks(runtime, clock);
  });

  it('gives each process its own increasing id and lists live ones oldest first', async () => {
    const { clock, runtime } = setup();
    const first = runtime.spawn(echoBody);
    const second = runtime.spawn(echoBody);
    expect(second.id).toBeGreaterThan(first.id);
    expect(runtime.processes()).toEqual([first, second]);
    await runtime.send(first, 'stop');
    await runtime.whenExited(first);
    expect(runtime.processes()).toEqual([second]);
    await expectNoLeaks(runtime, clock);
  });

  it('records the spawning process as parent and reports spawns as events', async () => {
    const { clock, runtime } = setup();
    const events: RuntimeEvent[] = [];
    runtime.on((event) => events.push(event));
    let child: Self | undefined;
    const parent = runtime.spawn(async (self) => {
      self.spawn(
        async (childSelf) => {
          child = childSelf;
        },
        { name: 'child' },
      );
      await self.receive();
    });
    await clock.tick(0);
    expect(child?.parent).toBe(parent);
    const spawns = events.filter((event) => event.type === 'process-spawn');
    expect(spawns).toEqual([
      { type: 'process-spawn', at: 0, pid: parent.id, name: undefined, parent: undefined },
      { type: 'process-spawn', at: 0, pid: child?.id, name: 'child', parent: parent.id },
    ]);
    await expectNoLeaks(runtime, clock);
  });

  it('rejects a pid of another runtime', async () => {
    const { clock, runtime } = setup();
    const other = createProcessRuntime({ clock });
    const stranger = other.spawn(echoBody);
    const error = thrownBy(() => runtime.trySend(stranger, 'hi'));
    expect(VegaError.isInstance(error) && error.code).toBe('foreign_pid');
    expect(() => runtime.kill(stranger)).toThrow(VegaError);
    await expectNoLeaks(other, clock);
    await expectNoLeaks(runtime, clock);
  });
});

describe('send and receive', () => {
  it('keeps messages sent before the process runs, in order', async () => {
    const { clock, runtime } = setup();
    const received: unknown[] = [];
    const pid = runtime.spawn(async (self) => {
      for (let count = 0; count < 3; count++) received.push(await self.receive());
    });
    await runtime.send(pid, 'a');
    await runtime.send(pid, 'b');
    await runtime.send(pid, 'c');
    expect(await runtime.whenExited(pid)).toBe('normal');
    expect(received).toEqual(['a', 'b', 'c']);
    await expectNoLeaks(runtime, clock);
  });

  it('hands a message straight to a waiting receive', async () => {
    const { clock, runtime } = setup();
    const received: unknown[] = [];
    const pid = runtime.spawn(async (self) => {
      received.push(await self.receive());
    });
    await clock.tick(0);
    expect(received).toEqual([]);
    await runtime.send(pid, { job: 1 });
    await runtime.whenExited(pid);
    expect(received).toEqual([{ job: 1 }]);
    await expectNoLeaks(runtime, clock);
  });

  it('takes the oldest matching message and leaves the others in order', async () => {
    const { clock, runtime } = setup();
    const received: unknown[] = [];
    const pid = runtime.spawn<number>(async (self) => {
      received.push(await self.receive((message) => message % 2 === 0));
      for (let count = 0; count < 3; count++) received.push(await self.receive());
    });
    for (const message of [1, 3, 4, 5, 6]) runtime.trySend(pid, message);
    await runtime.whenExited(pid);
    expect(received).toEqual([4, 1, 3, 5]);
    await expectNoLeaks(runtime, clock);
  });

  it('waits in a selective receive past messages that do not match', async () => {
    const { clock, runtime } = setup();
    let matched: unknown;
    const pid = runtime.spawn<string>(async (self) => {
      matched = await self.receive((message) => message.startsWith('yes'));
      expect(await self.receive({ timeoutMs: 0 })).toBe('no 1');
      expect(await self.receive({ timeoutMs: 0 })).toBe('no 2');
    });
    await clock.tick(0);
    await runtime.send(pid, 'no 1');
    await runtime.send(pid, 'no 2');
    expect(matched).toBeUndefined();
    await runtime.send(pid, 'yes please');
    expect(await runtime.whenExited(pid)).toBe('normal');
    expect(matched).toBe('yes please');
    await expectNoLeaks(runtime, clock);
  });

  it('polls with timeoutMs 0: returns a waiting message, or rejects with ReceiveTimeout, setting no timer', async () => {
    const { clock, runtime } = setup();
    const outcomes: unknown[] = [];
    const pid = runtime.spawn(async (self) => {
      outcomes.push(await self.receive({ timeoutMs: 0 }));
      const empty = self.receive({ timeoutMs: 0 });
      outcomes.push(clock.pendingTimers(), runtime.stats().timers);
      outcomes.push(await empty.catch((error: unknown) => error));
    });
    runtime.trySend(pid, 'ready');
    await runtime.whenExited(pid);
    expect(outcomes[0]).toBe('ready');
    expect(outcomes[1]).toBe(0);
    expect(outcomes[2]).toBe(0);
    expect(outcomes[3]).toBeInstanceOf(ReceiveTimeout);
    expect((outcomes[3] as ReceiveTimeout).timeoutMs).toBe(0);
    await expectNoLeaks(runtime, clock);
  });

  it('rejects a second receive while the first waits, and the first still gets the next message', async () => {
    const { clock, runtime } = setup();
    let second: unknown;
    let first: unknown;
    const pid = runtime.spawn(async (self) => {
      const waiting = self.receive();
      second = await self.receive().catch((error: unknown) => error);
      first = await waiting;
    });
    await clock.tick(0);
    expect(second).toBeInstanceOf(ConcurrentReceive);
    await runtime.send(pid, 'for the first');
    await runtime.whenExited(pid);
    expect(first).toBe('for the first');
    await expectNoLeaks(runtime, clock);
  });

  it('stops waiting when the receive signal aborts, leaving the process able to receive again', async () => {
    const { clock, runtime } = setup();
    const controller = new AbortController();
    const outcomes: unknown[] = [];
    const pid = runtime.spawn(async (self) => {
      outcomes.push(await self.receive({ signal: controller.signal }).catch((error: unknown) => error));
      outcomes.push(await self.receive());
    });
    await clock.tick(0);
    controller.abort(new Error('give up'));
    await clock.tick(0);
    expect(outcomes).toEqual([new Error('give up')]);
    await runtime.send(pid, 'later');
    await runtime.whenExited(pid);
    expect(outcomes[1]).toBe('later');
    await expectNoLeaks(runtime, clock);
  });

  it('rejects at once a receive whose signal has already aborted', async () => {
    const { clock, runtime } = setup();
    const outcomes: unknown[] = [];
    const pid = runtime.spawn(async (self) => {
      outcomes.push(
        await self.receive({ signal: AbortSignal.abort('early') }).catch((error: unknown) => error),
      );
      outcomes.push(runtime.stats().timers);
      outcomes.push(await self.receive());
    });
    await clock.tick(0);
    expect(outcomes).toEqual(['early', 0]);
    runtime.trySend(pid, 'kept');
    await runtime.whenExited(pid);
    expect(outcomes).toEqual(['early', 0, 'kept']);
    await expectNoLeaks(runtime, clock);
  });

  it('crashes the receiving process when its pattern throws, on a waiting or an arriving message', async () => {
    const { clock, runtime } = setup();
    const patternError = new Error('bad pattern');
    const throwingPattern = (): boolean => {
      throw patternError;
    };
    const onWaiting = runtime.spawn(async (self) => {
      await self.receive(throwingPattern);
    });
    runtime.trySend(onWaiting, 'already here');
    const onArrival = runtime.spawn(async (self) => {
      await self.receive(throwingPattern);
    });
    await clock.tick(0);
    await runtime.send(onArrival, 'arrives');
    expect(await runtime.whenExited(onWaiting)).toBe(patternError);
    expect(await runtime.whenExited(onArrival)).toBe(patternError);
    await expectNoLeaks(runtime, clock);
  });

  it('drops messages to an ended process', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn(async () => {});
    await runtime.whenExited(pid);
    await expect(runtime.send(pid, 'lost')).resolves.toBeUndefined();
    expect(runtime.trySend(pid, 'lost too')).toBe(true);
    await expectNoLeaks(runtime, clock);
  });

  it('throws NoSuchProcess for a name nobody has', async () => {
    const { clock, runtime } = setup();
    expect(() => runtime.send('nobody', 'hi')).toThrow(NoSuchProcess);
    expect(() => runtime.trySend('nobody', 'hi')).toThrow(NoSuchProcess);
    expect(() => runtime.call('nobody', 'hi')).toThrow(NoSuchProcess);
    expect(thrownBy(() => runtime.send('nobody', 'hi'))).toMatchObject({
      target: 'nobody',
      code: 'no_such_process',
    });
    await expectNoLeaks(runtime, clock);
  });

  it('selective receive agrees with a model: the oldest matching message, or a timeout', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 30 }),
        fc.array(fc.option(fc.integer({ min: 2, max: 5 }), { nil: undefined }), { maxLength: 30 }),
        async (messages, divisors) => {
          const { clock, runtime } = setup();
          const expected: unknown[] = [];
          const model = [...messages];
          for (const divisor of divisors) {
            const index = model.findIndex((message) => divisor === undefined || message % divisor === 0);
            expected.push(index < 0 ? 'timeout' : model.splice(index, 1)[0]);
          }
          const actual: unknown[] = [];
          const pid = runtime.spawn<number>(async (self) => {
            for (const divisor of divisors) {
              const pattern = (message: number) => divisor === undefined || message % divisor === 0;
              actual.push(await self.receive(pattern, { timeoutMs: 0 }).catch(() => 'timeout'));
            }
          });
          for (const message of messages) runtime.trySend(pid, message);
          await runtime.whenExited(pid);
          expect(actual).toEqual(expected);
          await expectNoLeaks(runtime, clock);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('call', () => {
  it('gets the reply a receiving process gives with CallMessage.reply', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn(echoBody);
    expect(await runtime.call(pid, 'ping')).toBe('ping');
    expect(await runtime.call(pid, { nested: [1, 2] })).toEqual({ nested: [1, 2] });
    expect(runtime.stats().pendingCalls).toBe(0);
    await expectNoLeaks(runtime, clock);
  });

  it('rejects with the error a receiving process gives with CallMessage.fail', async () => {
    const { clock, runtime } = setup();
    const refusal = new Error('not today');
    const pid = runtime.spawn(async (self) => {
      const message = await self.receive(isCallMessage);
      message.fail(refusal);
    });
    await expect(runtime.call(pid, 'please')).rejects.toBe(refusal);
    await expectNoLeaks(runtime, clock);
  });

  it('keeps the first answer: a second reply, or a fail after a reply, is ignored', async () => {
    const { clock, runtime } = setup();
    let pendingAfterReply: boolean | undefined;
    const pid = runtime.spawn(async (self) => {
      const message = await self.receive(isCallMessage);
      message.reply('first');
      pendingAfterReply = message.pending;
      message.reply('second');
      message.fail(new Error('too late'));
    });
    expect(await runtime.call(pid, 'question')).toBe('first');
    await runtime.whenExited(pid);
    expect(pendingAfterReply).toBe(false);
    await expectNoLeaks(runtime, clock);
  });

  it('lets one process call another', async () => {
    const { clock, runtime } = setup();
    const echo = runtime.spawn(echoBody, { name: 'echo' });
    let answer: unknown;
    const caller = runtime.spawn(async (self) => {
      answer = await self.call('echo', 'from a process');
    });
    await runtime.whenExited(caller);
    expect(answer).toBe('from a process');
    expect(echo.alive).toBe(true);
    await expectNoLeaks(runtime, clock);
  });

  it('rejects with ProcessExited carrying the exit reason when the callee already ended', async () => {
    const { clock, runtime } = setup();
    const crash = new Error('gone');
    const pid = runtime.spawn(async () => {
      throw crash;
    });
    await runtime.whenExited(pid);
    const error = await runtime.call(pid, 'anyone?').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ProcessExited);
    expect((error as ProcessExited).reason).toBe(crash);
    expect((error as ProcessExited).cause).toBe(crash);
    expect(runtime.stats().pendingCalls).toBe(0);
    await expectNoLeaks(runtime, clock);
  });

  it('rejects with ProcessExited when the callee ends before replying', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn(async (self) => {
      await self.receive(isCallMessage);
    });
    const call = runtime.call(pid, 'ignored');
    expect(runtime.stats().pendingCalls).toBe(1);
    const error = await call.catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ProcessExited);
    expect((error as ProcessExited).reason).toBe('normal');
    expect(runtime.stats().pendingCalls).toBe(0);
    await expectNoLeaks(runtime, clock);
  });

  it('fails calls still in the mailbox of a process that ends', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn(async (self) => {
      await self.receive((message) => message === 'never');
    });
    const calls = [runtime.call(pid, 1), runtime.call(pid, 2)];
    await clock.tick(0);
    runtime.exit(pid, 'shutdown');
    const errors = await Promise.all(calls.map((call) => call.catch((error: unknown) => error)));
    for (const error of errors) {
      expect(error).toBeInstanceOf(ProcessExited);
      expect((error as ProcessExited).reason).toBe('shutdown');
    }
    await expectNoLeaks(runtime, clock);
  });

  it('stops waiting when its signal aborts, and refuses an aborted signal at once', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn(async (self) => {
      await self.receive((message) => message === 'never');
    });
    const controller = new AbortController();
    const call = runtime.call(pid, 'slow', { signal: controller.signal });
    controller.abort('caller left');
    await expect(call).rejects.toBe('caller left');
    await expect(runtime.call(pid, 'x', { signal: AbortSignal.abort('already') })).rejects.toBe('already');
    expect(runtime.stats()).toMatchObject({ pendingCalls: 0, timers: 0 });
    await expectNoLeaks(runtime, clock);
  });
});

describe('the process signal', () => {
  it('aborts with ProcessAborted when the process ends, and rejects its pending receive', async () => {
    const { clock, runtime } = setup();
    let signal: AbortSignal | undefined;
    let receiveError: unknown;
    const pid = runtime.spawn(async (self) => {
      signal = self.signal;
      receiveError = await self.receive().catch((error: unknown) => error);
    });
    await clock.tick(0);
    expect(signal?.aborted).toBe(false);
    runtime.exit(pid, 'shutdown');
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBeInstanceOf(ProcessAborted);
    expect(signal?.reason).toMatchObject({ reason: 'shutdown', name: 'AbortError', process: pid });
    await clock.tick(0);
    expect(receiveError).toBeInstanceOf(ProcessAborted);
    await expectNoLeaks(runtime, clock);
  });

  it('is already aborted when first read after the process ended', async () => {
    const { clock, runtime } = setup();
    let self: Self | undefined;
    const pid = runtime.spawn(async (given) => {
      self = given;
    });
    await runtime.whenExited(pid);
    expect(self?.signal.aborted).toBe(true);
    expect(self?.signal.reason).toMatchObject({ reason: 'normal' });
    await expect(self?.receive()).rejects.toBeInstanceOf(ProcessAborted);
    await expectNoLeaks(runtime, clock);
  });
});

describe('events', () => {
  it('reports a throwing listener as a process-error event and keeps delivering to others', async () => {
    const { clock, runtime } = setup();
    const seen: RuntimeEvent[] = [];
    runtime.on(() => {
      throw new Error('listener broke');
    });
    runtime.on((event) => seen.push(event));
    const pid = runtime.spawn(async () => {});
    await runtime.whenExited(pid);
    expect(seen.filter((event) => event.type === 'process-spawn')).toHaveLength(1);
    expect(seen.filter((event) => event.type === 'process-exit')).toHaveLength(1);
    const errors = seen.filter((event) => event.type === 'process-error');
    expect(errors).toHaveLength(2);
    for (const error of errors) {
      expect(error).toMatchObject({ during: 'an event listener', error: new Error('listener broke') });
    }
    await expectNoLeaks(runtime, clock);
  });

  it('stops delivering to an unsubscribed listener', async () => {
    const { clock, runtime } = setup();
    const seen: string[] = [];
    const off = runtime.on((event) => seen.push(event.type));
    expect(runtime.stats().listeners).toBe(1);
    runtime.spawn(async () => {});
    off();
    expect(runtime.stats().listeners).toBe(0);
    runtime.spawn(async () => {});
    await clock.tick(0);
    expect(seen).toEqual(['process-spawn']);
    await expectNoLeaks(runtime, clock);
  });

  it('wraps a thrown non-Error in ProcessCrashed in the exit event', async () => {
    const { clock, runtime } = setup();
    const reasons: unknown[] = [];
    runtime.on((event) => {
      if (event.type === 'process-exit') reasons.push(event.reason);
    });
    runtime.spawn(async () => {
      throw 42;
    });
    await clock.tick(0);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toBeInstanceOf(ProcessCrashed);
    await expectNoLeaks(runtime, clock);
  });
});
