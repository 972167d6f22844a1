import { describe, expect, it } from 'vitest';
import { expectNoLeaks, timeoutBaseline } from '../../../test/support/expect-no-leaks.ts';
import { idle, setup } from '../../../test/support/process-fixtures.ts';
import { ProcessExited } from '../../errors/process-errors.ts';
import type { ProcessExitEvent } from '../runtime-event.ts';
import { CallMessage, isCallMessage } from './call-message.ts';
import type { Pid } from './pid.ts';
import { createProcessRuntime, type ProcessRuntime } from './process-runtime.ts';
import { type ExitMessage, isExitMessage } from './system-messages.ts';

function recordExits(runtime: ProcessRuntime): ProcessExitEvent[] {
  const exits: ProcessExitEvent[] = [];
  runtime.on((event) => {
    if (event.type === 'process-exit') exits.push(event);
  });
  return exits;
}

/** Observes a promise without awaiting it. */
function track(promise: Promise<unknown>) {
  const state = { settled: false };
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

describe('shutdown', () => {
  it('stops top-level processes newest first, then the children of ended parents, newest first', async () => {
    const { clock, runtime } = setup();
    const exits = recordExits(runtime);
    const children = new Map<string, Pid>();
    const parentSpawning = (name: string) =>
      runtime.spawn(async (self) => {
        children.set(name, self.spawn(idle));
        await idle(self);
      });
    const first = parentSpawning('first');
    const second = parentSpawning('second');
    await clock.tick(0);
    const firstChild = children.get('first') as Pid;
    const secondChild = children.get('second') as Pid;
    await runtime.shutdown();
    expect(exits.map((event) => event.pid)).toEqual([second.id, first.id, secondChild.id, firstChild.id]);
    expect(exits.every((event) => event.reason === 'shutdown')).toBe(true);
    await expectNoLeaks(runtime, clock);
  });

  it('takes linked children down with their parent, before the next top-level process', async () => {
    const { clock, runtime } = setup();
    const exits = recordExits(runtime);
    const children = new Map<string, Pid>();
    const parentSpawning = (name: string) =>
      runtime.spawn(async (self) => {
        children.set(name, self.spawn(idle, { link: true }));
        await idle(self);
      });
    const first = parentSpawning('first');
    const second = parentSpawning('second');
    await clock.tick(0);
    await runtime.shutdown();
    expect(exits.map((event) => [event.pid, event.reason])).toEqual([
      [second.id, 'shutdown'],
      [children.get('second')?.id, 'shutdown'],
      [first.id, 'shutdown'],
      [children.get('first')?.id, 'shutdown'],
    ]);
    await expectNoLeaks(runtime, clock);
  });

  it('lets a process that traps exits finish its cleanup before moving on', async () => {
    const { clock, runtime } = setup();
    const exits = recordExits(runtime);
    const older = runtime.spawn(idle);
    let signal: ExitMessage | undefined;
    const careful = runtime.spawn(async (self) => {
      self.trapExits = true;
      signal = await self.receive(isExitMessage);
      // Cleanup that takes time: 300 ms on the runtime's clock.
      await new Promise<void>((resolve) => runtime.clock.setTimeout(resolve, 300));
      self.exit(signal.reason);
    });
    await clock.tick(0);
    const shutdown = track(runtime.shutdown({ timeoutMs: 1_000 }));
    await clock.tick(299);
    expect(signal?.from).toBeUndefined();
    expect(signal?.reason).toBe('shutdown');
    expect(shutdown.settled).toBe(false);
    expect(older.alive).toBe(true);
    await clock.tick(1);
    expect(shutdown.settled).toBe(true);
    expect(exits.map((event) => [event.pid, event.reason, event.at])).toEqual([
      [careful.id, 'shutdown', 300],
      [older.id, 'shutdown', 300],
    ]);
    await expectNoLeaks(runtime, clock);
  });

  it('kills a process that traps exits and does not end within timeoutMs, then goes on', async () => {
    const { clock, runtime } = setup();
    const exits = recordExits(runtime);
    const older = runtime.spawn(idle);
    const stubborn = runtime.spawn(async (self) => {
      self.trapExits = true;
      await idle(self);
    });
    await clock.tick(0);
    const shutdown = track(runtime.shutdown({ timeoutMs: 1_000 }));
    await clock.tick(999);
    expect(shutdown.settled).toBe(false);
    expect(stubborn.alive).toBe(true);
    await clock.tick(1);
    expect(shutdown.settled).toBe(true);
    expect(exits.map((event) => [event.pid, event.reason, event.at])).toEqual([
      [stubborn.id, 'killed', 1_000],
      [older.id, 'shutdown', 1_000],
    ]);
    await expectNoLeaks(runtime, clock);
  });

  it('also stops processes started while it runs', async () => {
    const { clock, runtime } = setup();
    let farewell: Pid | undefined;
    runtime.spawn(async (self) => {
      self.trapExits = true;
      await self.receive(isExitMessage);
      farewell = runtime.spawn(idle);
      self.exit('shutdown');
    });
    await clock.tick(0);
    await runtime.shutdown();
    expect(farewell?.exitReason).toBe('shutdown');
    await expectNoLeaks(runtime, clock);
  });

  it('waits for bodies that ignore their signal to settle', async () => {
    const { clock, runtime } = setup();
    const gate = Promise.withResolvers<void>();
    runtime.spawn(async () => {
      await gate.promise;
    });
    await clock.tick(0);
    const shutdown = track(runtime.shutdown());
    await clock.tick(0);
    expect(shutdown.settled).toBe(false);
    expect(runtime.stats()).toMatchObject({ processes: 0, lingering: 1 });
    gate.resolve();
    await clock.tick(0);
    expect(shutdown.settled).toBe(true);
    await expectNoLeaks(runtime, clock);
  });

  it('stops waiting for lingering bodies after timeoutMs, and stats show what is left', async () => {
    const { clock, runtime } = setup();
    const gate = Promise.withResolvers<void>();
    runtime.spawn(async () => {
      await gate.promise;
    });
    await clock.tick(0);
    const shutdown = track(runtime.shutdown({ timeoutMs: 500 }));
    await clock.tick(499);
    expect(shutdown.settled).toBe(false);
    await clock.tick(1);
    expect(shutdown.settled).toBe(true);
    expect(runtime.stats()).toMatchObject({ lingering: 1, timers: 0 });
    gate.resolve();
    await clock.tick(0);
    expect(runtime.stats().lingering).toBe(0);
    await expectNoLeaks(runtime, clock);
  });

  it('says it is shutting down once it has begun', async () => {
    const { clock, runtime } = setup();
    expect(runtime.shuttingDown).toBe(false);
    const shutdown = runtime.shutdown();
    expect(runtime.shuttingDown).toBe(true);
    await shutdown;
    await expectNoLeaks(runtime, clock);
  });

  it('removes event listeners last, after reporting every exit', async () => {
    const { clock, runtime } = setup();
    const exits = recordExits(runtime);
    runtime.spawn(idle);
    runtime.spawn(idle);
    expect(runtime.stats().listeners).toBe(1);
    await runtime.shutdown();
    expect(exits).toHaveLength(2);
    expect(runtime.stats().listeners).toBe(0);
    await expectNoLeaks(runtime, clock);
  });
});

/** Leaves the runtime holding a bit of everything: names, calls, blocked senders, timers, lingering bodies. */
async function busyRuntime(runtime: ProcessRuntime, flush: () => Promise<void>) {
  const holder = runtime.spawn(
    async (self) => {
      for (;;) await self.receive(isCallMessage, { timeoutMs: 60_000 });
    },
    { name: 'holder', mailbox: { capacity: 1 } },
  );
  const server = runtime.spawn({
    init: () => ({ count: 0 }),
    reply: (state: { count: number }) => state.count,
  });
  const gate = Promise.withResolvers<void>();
  const lingerer = runtime.spawn(async () => {
    await gate.promise;
  });
  runtime.spawn(async (self) => {
    self.monitor(server);
    self.link(lingerer);
    await self.receive({ timeoutMs: 60_000 });
  });
  await runtime.send(holder, 'fills the mailbox');
  const blockedSend = runtime.send(holder, 'waits for room');
  const calls = [
    runtime.call(holder, 'never answered', { timeoutMs: 60_000 }),
    runtime.call(holder, 'never answered either', { timeoutMs: 60_000 }),
  ].map((call) => call.catch((error: unknown) => error));
  expect(await runtime.call(server, 'count')).toBe(0);
  await flush();
  // The calls skip the full mailbox (the holder's receive is waiting for them); the plain send waits.
  expect(runtime.stats()).toMatchObject({ processes: 4, names: 1, blockedSenders: 1, pendingCalls: 2 });
  expect(runtime.stats().timers).toBeGreaterThanOrEqual(4);
  return { gate, blockedSend, calls };
}

describe('leaks', () => {
  it('leaves nothing behind on the manual clock', async () => {
    const { clock, runtime } = setup();
    const { gate, blockedSend, calls } = await busyRuntime(runtime, () => clock.tick(0));
    const shutdown = runtime.shutdown();
    gate.resolve();
    await shutdown;
    await expect(blockedSend).resolves.toBeUndefined();
    for (const error of await Promise.all(calls)) {
      expect(error).toBeInstanceOf(ProcessExited);
      expect((error as ProcessExited).reason).toBe('shutdown');
    }
    await expectNoLeaks(runtime, clock);
  });

  it('leaves no Node timer behind on the system clock', async () => {
    const baseline = timeoutBaseline();
    const runtime = createProcessRuntime();
    const { gate, calls } = await busyRuntime(
      runtime,
      () => new Promise<void>((resolve) => setImmediate(resolve)),
    );
    const shutdown = runtime.shutdown();
    gate.resolve();
    await shutdown;
    expect(await Promise.all(calls)).toEqual([expect.any(ProcessExited), expect.any(ProcessExited)]);
    await expectNoLeaks(runtime, baseline);
  });

  it('leaves nothing behind after many short-lived processes, calls and receive timeouts', async () => {
    const { clock, runtime } = setup();
    const echo = runtime.spawn(async (self) => {
      for (;;) {
        const message = await self.receive();
        if (message instanceof CallMessage) message.reply(message.request);
      }
    });
    const pids: Pid[] = [];
    for (let index = 0; index < 200; index++) {
      pids.push(
        runtime.spawn(async (self) => {
          expect(await self.call(echo, index, { timeoutMs: 1_000 })).toBe(index);
          await self.receive({ timeoutMs: 10 }).catch(() => undefined);
        }),
      );
    }
    await clock.tick(10);
    expect(pids.every((pid) => pid.exitReason === 'normal')).toBe(true);
    expect(runtime.stats()).toMatchObject({ processes: 1, timers: 0, pendingCalls: 0 });
    await expectNoLeaks(runtime, clock);
  });
});
