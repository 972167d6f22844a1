import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { expectNoLeaks } from '../../../test/support/expect-no-leaks.ts';
import { CallTimeout, MailboxFull } from '../../errors/process-errors.ts';
import { VegaError } from '../../errors/vega-error.ts';
import { manualClock } from '../../testing/manual-clock.ts';
import type { MailboxOptions } from './behaviour.ts';
import { CallMessage } from './call-message.ts';
import { createProcessRuntime, type ProcessRuntime } from './process-runtime.ts';
import type { Self } from './self.ts';
import { DownMessage, ExitMessage } from './system-messages.ts';

function setup(mailbox?: MailboxOptions) {
  const clock = manualClock();
  const runtime = createProcessRuntime(mailbox === undefined ? { clock } : { clock, mailbox });
  return { clock, runtime };
}

/** Records the order in which promises settle, and how. */
function settlements() {
  const order: string[] = [];
  return {
    order,
    track(label: string, promise: Promise<unknown>): void {
      promise.then(
        () => order.push(label),
        (error: unknown) =>
          order.push(`${label} rejected: ${error instanceof Error ? error.name : String(error)}`),
      );
    },
  };
}

/** Waits for `promise`, or rejects when the process's signal aborts, so a waiting body never lingers. */
function orAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * A process that takes one message each time the test calls `take()`, so the test decides when room
 * opens in its mailbox.
 */
function slowReceiver(runtime: ProcessRuntime, options: { capacity: number; overflow?: 'wait' | 'fail' }) {
  const received: unknown[] = [];
  let permit = Promise.withResolvers<void>();
  const pid = runtime.spawn(
    async (self: Self) => {
      for (;;) {
        await orAbort(permit.promise, self.signal);
        permit = Promise.withResolvers<void>();
        received.push(await self.receive());
      }
    },
    { mailbox: options },
  );
  return {
    pid,
    received,
    take(): void {
      permit.resolve();
    },
  };
}

describe('a full mailbox with overflow `wait`', () => {
  it('makes senders wait, and lets them in oldest first as the receiver takes messages', async () => {
    const { clock, runtime } = setup();
    const receiver = slowReceiver(runtime, { capacity: 2 });
    const { order, track } = settlements();
    track('m1', runtime.send(receiver.pid, 'm1'));
    track('m2', runtime.send(receiver.pid, 'm2'));
    track('m3', runtime.send(receiver.pid, 'm3'));
    track('m4', runtime.send(receiver.pid, 'm4'));
    track('m5', runtime.send(receiver.pid, 'm5'));
    await clock.tick(0);
    expect(order).toEqual(['m1', 'm2']);
    expect(runtime.stats().blockedSenders).toBe(3);

    receiver.take();
    await clock.tick(0);
    expect(receiver.received).toEqual(['m1']);
    expect(order).toEqual(['m1', 'm2', 'm3']);
    expect(runtime.stats().blockedSenders).toBe(2);

    receiver.take();
    await clock.tick(0);
    expect(order).toEqual(['m1', 'm2', 'm3', 'm4']);

    for (let count = 0; count < 3; count++) {
      receiver.take();
      await clock.tick(0);
    }
    expect(order).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(receiver.received).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(runtime.stats().blockedSenders).toBe(0);
    await expectNoLeaks(runtime, clock);
  });

  it('lets a sender in when a selective receive takes a message from the middle', async () => {
    const { clock, runtime } = setup();
    const received: unknown[] = [];
    const permit = Promise.withResolvers<void>();
    const pid = runtime.spawn<string>(
      async (self) => {
        await permit.promise;
        received.push(await self.receive((message) => message === 'b'));
        for (;;) received.push(await self.receive());
      },
      { mailbox: { capacity: 2 } },
    );
    const { order, track } = settlements();
    track('a', runtime.send(pid, 'a'));
    track('b', runtime.send(pid, 'b'));
    track('c', runtime.send(pid, 'c'));
    await clock.tick(0);
    expect(order).toEqual(['a', 'b']);
    permit.resolve();
    await clock.tick(0);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(received).toEqual(['b', 'a', 'c']);
    await expectNoLeaks(runtime, clock);
  });

  it('lets senders in, in order, as a server handles messages', async () => {
    const { clock, runtime } = setup();
    const handled: number[] = [];
    const server = runtime.spawn<number>(
      {
        init: () => undefined,
        handle: (_state, message) => {
          handled.push(message);
        },
      },
      { mailbox: { capacity: 1 } },
    );
    const sends = Array.from({ length: 10 }, (_, index) => runtime.send(server, index));
    await Promise.all(sends);
    await clock.tick(0);
    expect(handled).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await expectNoLeaks(runtime, clock);
  });

  it('drops a waiting sender whose signal aborts, and admits the next one in its place', async () => {
    const { clock, runtime } = setup();
    const receiver = slowReceiver(runtime, { capacity: 1 });
    const controller = new AbortController();
    const { order, track } = settlements();
    track('m1', runtime.send(receiver.pid, 'm1'));
    track('m2', runtime.send(receiver.pid, 'm2', { signal: controller.signal }));
    track('m3', runtime.send(receiver.pid, 'm3'));
    await clock.tick(0);
    expect(runtime.stats().blockedSenders).toBe(2);
    controller.abort(new Error('sender gave up'));
    await clock.tick(0);
    expect(order).toEqual(['m1', 'm2 rejected: Error']);
    expect(runtime.stats().blockedSenders).toBe(1);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    receiver.take();
    await clock.tick(0);
    receiver.take();
    await clock.tick(0);
    expect(receiver.received).toEqual(['m1', 'm3']);
    expect(order).toEqual(['m1', 'm2 rejected: Error', 'm3']);
    await expectNoLeaks(runtime, clock);
  });

  it('rejects at once a send whose signal has already aborted, but only when it would wait', async () => {
    const { clock, runtime } = setup();
    const receiver = slowReceiver(runtime, { capacity: 1 });
    await expect(
      runtime.send(receiver.pid, 'room', { signal: AbortSignal.abort('late') }),
    ).resolves.toBeUndefined();
    await expect(runtime.send(receiver.pid, 'full', { signal: AbortSignal.abort('late') })).rejects.toBe(
      'late',
    );
    expect(runtime.stats().blockedSenders).toBe(0);
    receiver.take();
    await clock.tick(0);
    expect(receiver.received).toEqual(['room']);
    await expectNoLeaks(runtime, clock);
  });

  it('releases waiting senders when the receiver ends, and removes their abort listeners', async () => {
    const { clock, runtime } = setup();
    const receiver = slowReceiver(runtime, { capacity: 1 });
    const controller = new AbortController();
    const { order, track } = settlements();
    track('m1', runtime.send(receiver.pid, 'm1'));
    track('m2', runtime.send(receiver.pid, 'm2', { signal: controller.signal }));
    track('m3', runtime.send(receiver.pid, 'm3'));
    await clock.tick(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    runtime.exit(receiver.pid, new Error('receiver crashed'));
    await clock.tick(0);
    expect(order).toEqual(['m1', 'm2', 'm3']);
    expect(receiver.received).toEqual([]);
    expect(runtime.stats().blockedSenders).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    await expectNoLeaks(runtime, clock);
  });

  it('makes a call wait for room, then answers it', async () => {
    const { clock, runtime } = setup();
    const received: unknown[] = [];
    let permit = Promise.withResolvers<void>();
    const pid = runtime.spawn(
      async (self) => {
        for (;;) {
          await orAbort(permit.promise, self.signal);
          permit = Promise.withResolvers<void>();
          const message = await self.receive();
          received.push(message instanceof CallMessage ? 'call' : message);
          if (message instanceof CallMessage) message.reply('answered');
        }
      },
      { mailbox: { capacity: 1 } },
    );
    await runtime.send(pid, 'first');
    const { order, track } = settlements();
    track('call', runtime.call(pid, 'question'));
    await clock.tick(0);
    expect(runtime.stats()).toMatchObject({ blockedSenders: 1, pendingCalls: 1 });
    permit.resolve();
    await clock.tick(0);
    expect(order).toEqual([]);
    permit.resolve();
    await clock.tick(0);
    expect(order).toEqual(['call']);
    expect(received).toEqual(['first', 'call']);
    await expectNoLeaks(runtime, clock);
  });

  it('withdraws a call that waits for room when its signal aborts', async () => {
    const { clock, runtime } = setup();
    const receiver = slowReceiver(runtime, { capacity: 1 });
    await runtime.send(receiver.pid, 'first');
    const controller = new AbortController();
    const call = runtime.call(receiver.pid, 'question', { signal: controller.signal });
    await clock.tick(0);
    expect(runtime.stats()).toMatchObject({ blockedSenders: 1, pendingCalls: 1 });
    controller.abort('caller left');
    await expect(call).rejects.toBe('caller left');
    expect(runtime.stats()).toMatchObject({ blockedSenders: 0, pendingCalls: 0, timers: 0 });
    receiver.take();
    await clock.tick(0);
    expect(runtime.trySend(receiver.pid, 'second')).toBe(true);
    receiver.take();
    await clock.tick(0);
    expect(receiver.received).toEqual(['first', 'second']);
    await expectNoLeaks(runtime, clock);
  });

  it('still times a call out while it waits for room', async () => {
    const { clock, runtime } = setup();
    const receiver = slowReceiver(runtime, { capacity: 1 });
    await runtime.send(receiver.pid, 'first');
    const call = runtime.call(receiver.pid, 'question', { timeoutMs: 100 }).catch((error: unknown) => error);
    await clock.tick(100);
    expect(await call).toBeInstanceOf(CallTimeout);
    expect(runtime.stats().pendingCalls).toBe(0);
    await expectNoLeaks(runtime, clock);
  });
});

describe('a full mailbox with overflow `fail`', () => {
  it('rejects sends with MailboxFull and keeps what it has', async () => {
    const { clock, runtime } = setup();
    const receiver = slowReceiver(runtime, { capacity: 2, overflow: 'fail' });
    await runtime.send(receiver.pid, 'm1');
    await runtime.send(receiver.pid, 'm2');
    const error = await runtime.send(receiver.pid, 'm3').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(MailboxFull);
    expect(error).toMatchObject({ code: 'mailbox_full', capacity: 2, process: receiver.pid });
    expect(runtime.stats().blockedSenders).toBe(0);
    receiver.take();
    await clock.tick(0);
    await runtime.send(receiver.pid, 'm4');
    receiver.take();
    await clock.tick(0);
    receiver.take();
    await clock.tick(0);
    expect(receiver.received).toEqual(['m1', 'm2', 'm4']);
    await expectNoLeaks(runtime, clock);
  });

  it('rejects a call with MailboxFull, leaving no pending call or timer', async () => {
    const { clock, runtime } = setup();
    const receiver = slowReceiver(runtime, { capacity: 1, overflow: 'fail' });
    await runtime.send(receiver.pid, 'm1');
    await expect(runtime.call(receiver.pid, 'question')).rejects.toBeInstanceOf(MailboxFull);
    expect(runtime.stats()).toMatchObject({ pendingCalls: 0, timers: 0 });
    await expectNoLeaks(runtime, clock);
  });
});

describe('trySend', () => {
  it('delivers while there is room and returns false once the mailbox is full, never waiting', async () => {
    const { clock, runtime } = setup();
    const receiver = slowReceiver(runtime, { capacity: 2 });
    expect(runtime.trySend(receiver.pid, 'm1')).toBe(true);
    expect(runtime.trySend(receiver.pid, 'm2')).toBe(true);
    expect(runtime.trySend(receiver.pid, 'm3')).toBe(false);
    expect(runtime.stats().blockedSenders).toBe(0);
    receiver.take();
    await clock.tick(0);
    expect(runtime.trySend(receiver.pid, 'm4')).toBe(true);
    receiver.take();
    await clock.tick(0);
    receiver.take();
    await clock.tick(0);
    expect(receiver.received).toEqual(['m1', 'm2', 'm4']);
    await expectNoLeaks(runtime, clock);
  });
});

describe('system messages', () => {
  it('get into a full mailbox: exit messages and down messages are never lost', async () => {
    const { clock, runtime } = setup();
    const linked = runtime.spawn(async (self) => {
      await self.receive();
    });
    const monitored = runtime.spawn(async (self) => {
      await self.receive();
    });
    const permit = Promise.withResolvers<void>();
    const received: unknown[] = [];
    const full = runtime.spawn(
      async (self) => {
        self.link(linked);
        self.monitor(monitored);
        await permit.promise;
        for (let count = 0; count < 3; count++) received.push(await self.receive());
      },
      { trapExits: true, mailbox: { capacity: 1, overflow: 'fail' } },
    );
    await clock.tick(0);
    await runtime.send(full, 'user message');
    await expect(runtime.send(full, 'refused')).rejects.toBeInstanceOf(MailboxFull);
    const crash = new Error('crash');
    runtime.exit(linked, crash);
    runtime.exit(monitored, 'shutdown');
    permit.resolve();
    await runtime.whenExited(full);
    expect(received[0]).toBe('user message');
    expect(received[1]).toEqual(new ExitMessage(linked, crash));
    expect(received[2]).toBeInstanceOf(DownMessage);
    expect((received[2] as DownMessage).reason).toBe('shutdown');
    await expectNoLeaks(runtime, clock);
  });
});

describe('mailbox options', () => {
  it('take the runtime default, which a spawn can override', async () => {
    const { clock, runtime } = setup({ capacity: 1, overflow: 'fail' });
    const byDefault = runtime.spawn(async (self) => {
      await self.receive((message) => message === 'never');
    });
    const overridden = runtime.spawn(
      async (self) => {
        await self.receive((message) => message === 'never');
      },
      { mailbox: { capacity: 3 } },
    );
    await runtime.send(byDefault, 'm1');
    await expect(runtime.send(byDefault, 'm2')).rejects.toBeInstanceOf(MailboxFull);
    for (const message of ['m1', 'm2', 'm3']) await runtime.send(overridden, message);
    // The override keeps the runtime's `fail` overflow.
    await expect(runtime.send(overridden, 'm4')).rejects.toMatchObject({ capacity: 3 });
    await expectNoLeaks(runtime, clock);
  });

  it('hold 1,000 messages by default', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn(async (self) => {
      await self.receive((message) => message === 'never');
    });
    for (let index = 0; index < 1_000; index++) expect(runtime.trySend(pid, index)).toBe(true);
    expect(runtime.trySend(pid, 1_000)).toBe(false);
    await expectNoLeaks(runtime, clock);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuse a capacity of %s', async (capacity) => {
    const clock = manualClock();
    const isInvalid = (error: unknown) => VegaError.isInstance(error) && error.code === 'invalid_mailbox';
    const construct = () => createProcessRuntime({ clock, mailbox: { capacity } });
    expect(construct).toThrow(VegaError);
    try {
      construct();
    } catch (error) {
      expect(isInvalid(error)).toBe(true);
    }
    const runtime = createProcessRuntime({ clock });
    expect(() => runtime.spawn(async () => {}, { mailbox: { capacity } })).toThrow(VegaError);
    expect(runtime.stats().processes).toBe(0);
    await expectNoLeaks(runtime, clock);
  });
});
