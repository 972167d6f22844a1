import { describe, expect, it } from 'vitest';
import { expectNoLeaks, timeoutBaseline } from '../../../test/support/expect-no-leaks.ts';
import { setup } from '../../../test/support/process-fixtures.ts';
import { CallTimeout, ReceiveTimeout } from '../../errors/process-errors.ts';
import { CallMessage, isCallMessage } from './call-message.ts';
import { createProcessRuntime } from './process-runtime.ts';
import type { Self } from './self.ts';
import { isExitMessage } from './system-messages.ts';

/** Observes a promise without awaiting it, so a test can ask whether it has settled yet. */
function track<T>(promise: Promise<T>) {
  const state: { settled: boolean; value: unknown } = { settled: false, value: undefined };
  promise.then(
    (value) => {
      state.settled = true;
      state.value = value;
    },
    (error: unknown) => {
      state.settled = true;
      state.value = error;
    },
  );
  return state;
}

/** Holds calls without answering them; hands them to `held`. */
function holder(held: CallMessage[]) {
  return async (self: Self): Promise<void> => {
    for (;;) held.push(await self.receive(isCallMessage));
  };
}

describe('receive timeouts', () => {
  it('reject with ReceiveTimeout exactly when the time is up', async () => {
    const { clock, runtime } = setup();
    let outcome: unknown;
    const pid = runtime.spawn(async (self) => {
      outcome = await self.receive({ timeoutMs: 100 }).catch((error: unknown) => error);
    });
    await clock.tick(0);
    expect(runtime.stats().timers).toBe(1);
    await clock.tick(99);
    expect(outcome).toBeUndefined();
    await clock.tick(1);
    expect(outcome).toBeInstanceOf(ReceiveTimeout);
    expect((outcome as ReceiveTimeout).timeoutMs).toBe(100);
    expect((outcome as ReceiveTimeout).code).toBe('receive_timeout');
    expect(await runtime.whenExited(pid)).toBe('normal');
    expect(runtime.stats().timers).toBe(0);
    await expectNoLeaks(runtime, clock);
  });

  it('clear their timer when a message arrives in time', async () => {
    const { clock, runtime } = setup();
    let received: unknown;
    const pid = runtime.spawn(async (self) => {
      received = await self.receive({ timeoutMs: 1_000 });
      await self.receive();
    });
    await clock.tick(500);
    expect(clock.pendingTimers()).toBe(1);
    await runtime.send(pid, 'in time');
    await clock.tick(0);
    expect(received).toBe('in time');
    expect(clock.pendingTimers()).toBe(0);
    expect(runtime.stats().timers).toBe(0);
    await expectNoLeaks(runtime, clock);
  });

  it('of a selective receive are not reset by messages that do not match', async () => {
    const { clock, runtime } = setup();
    let outcome: unknown;
    const pid = runtime.spawn(async (self) => {
      outcome = await self
        .receive((message) => message === 'wanted', { timeoutMs: 100 })
        .catch((error) => error);
    });
    await clock.tick(60);
    await runtime.send(pid, 'unwanted');
    await clock.tick(39);
    expect(outcome).toBeUndefined();
    await clock.tick(1);
    expect(outcome).toBeInstanceOf(ReceiveTimeout);
    await expectNoLeaks(runtime, clock);
  });

  it('are cleared when the process ends while waiting', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn(async (self) => {
      await self.receive({ timeoutMs: 10_000 });
    });
    await clock.tick(0);
    expect(clock.pendingTimers()).toBe(1);
    runtime.kill(pid);
    expect(clock.pendingTimers()).toBe(0);
    expect(runtime.stats().timers).toBe(0);
    await expectNoLeaks(runtime, clock);
  });

  it('are cleared when the receive signal aborts', async () => {
    const { clock, runtime } = setup();
    const controller = new AbortController();
    let outcome: unknown;
    runtime.spawn(async (self) => {
      outcome = await self.receive({ timeoutMs: 10_000, signal: controller.signal }).catch((error) => error);
    });
    await clock.tick(0);
    controller.abort('stop waiting');
    await clock.tick(0);
    expect(outcome).toBe('stop waiting');
    expect(clock.pendingTimers()).toBe(0);
    await expectNoLeaks(runtime, clock);
  });
});

describe('call timeouts', () => {
  it('reject with CallTimeout after the default 5,000 ms', async () => {
    const { clock, runtime } = setup();
    const held: CallMessage[] = [];
    const pid = runtime.spawn(holder(held));
    const call = track(runtime.call(pid, 'slow'));
    await clock.tick(4_999);
    expect(call.settled).toBe(false);
    await clock.tick(1);
    expect(call.value).toBeInstanceOf(CallTimeout);
    expect(call.value).toMatchObject({ code: 'call_timeout', timeoutMs: 5_000, process: pid });
    expect(runtime.stats()).toMatchObject({ pendingCalls: 0, timers: 0 });
    await expectNoLeaks(runtime, clock);
  });

  it('use the timeoutMs given, and drop a reply that comes too late', async () => {
    const { clock, runtime } = setup();
    const held: CallMessage[] = [];
    const pid = runtime.spawn(holder(held));
    const call = track(runtime.call(pid, 'slow', { timeoutMs: 250 }));
    await clock.tick(250);
    expect(call.value).toBeInstanceOf(CallTimeout);
    expect((call.value as CallTimeout).timeoutMs).toBe(250);
    const late = held[0] as CallMessage;
    expect(late.request).toBe('slow');
    expect(late.pending).toBe(false);
    late.reply('too late');
    await clock.tick(0);
    expect(call.value).toBeInstanceOf(CallTimeout);
    await expectNoLeaks(runtime, clock);
  });

  it('clear their timer when the reply comes in time', async () => {
    const { clock, runtime } = setup();
    const held: CallMessage[] = [];
    const pid = runtime.spawn(holder(held));
    const call = track(runtime.call(pid, 'quick', { timeoutMs: 1_000 }));
    await clock.tick(999);
    expect(clock.pendingTimers()).toBe(1);
    held[0]?.reply('answer');
    await clock.tick(0);
    expect(call.value).toBe('answer');
    expect(clock.pendingTimers()).toBe(0);
    expect(runtime.stats()).toMatchObject({ pendingCalls: 0, timers: 0 });
    await expectNoLeaks(runtime, clock);
  });

  it('set no timer with timeoutMs Infinity, and wait as long as it takes', async () => {
    const { clock, runtime } = setup();
    const held: CallMessage[] = [];
    const pid = runtime.spawn(holder(held));
    const call = track(runtime.call(pid, 'patient', { timeoutMs: Number.POSITIVE_INFINITY }));
    await clock.tick(0);
    expect(clock.pendingTimers()).toBe(0);
    await clock.tick(1_000_000);
    expect(call.settled).toBe(false);
    held[0]?.reply('finally');
    await clock.tick(0);
    expect(call.value).toBe('finally');
    await expectNoLeaks(runtime, clock);
  });
});

describe('stop timeouts', () => {
  it('kill a process that traps exits and does not end within timeoutMs', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn(async (self) => {
      self.trapExits = true;
      for (;;) await self.receive();
    });
    await clock.tick(0);
    const stopped = track(runtime.stop(pid, { timeoutMs: 100 }));
    await clock.tick(99);
    expect(pid.alive).toBe(true);
    expect(stopped.settled).toBe(false);
    await clock.tick(1);
    expect(pid.exitReason).toBe('killed');
    expect(stopped.value).toBe('killed');
    expect(clock.pendingTimers()).toBe(0);
    await expectNoLeaks(runtime, clock);
  });

  it('do not fire when a process that traps exits ends in time', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn(async (self) => {
      self.trapExits = true;
      const message = await self.receive(isExitMessage);
      self.exit(message.reason);
    });
    await clock.tick(0);
    const reason = runtime.stop(pid, { timeoutMs: 100 });
    expect(clock.pendingTimers()).toBe(1);
    expect(await reason).toBe('shutdown');
    expect(clock.pendingTimers()).toBe(0);
    await expectNoLeaks(runtime, clock);
  });

  it('are not set for a process that ends on the signal', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn(async (self) => {
      for (;;) await self.receive();
    });
    await clock.tick(0);
    const reason = runtime.stop(pid, { reason: new Error('retired'), timeoutMs: 100 });
    expect(clock.pendingTimers()).toBe(0);
    expect(await reason).toEqual(new Error('retired'));
    await expectNoLeaks(runtime, clock);
  });

  it('resolve at once with the exit reason of a process that already ended', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn(async () => {});
    await runtime.whenExited(pid);
    expect(await runtime.stop(pid)).toBe('normal');
    expect(clock.pendingTimers()).toBe(0);
    await expectNoLeaks(runtime, clock);
  });
});

describe('on the system clock', () => {
  it('leave no Node timer behind once calls are answered and receives are satisfied', async () => {
    const baseline = timeoutBaseline();
    const runtime = createProcessRuntime();
    const pid = runtime.spawn(async (self) => {
      for (;;) {
        const message = await self.receive({ timeoutMs: 60_000 });
        if (message instanceof CallMessage) message.reply(message.request);
      }
    });
    for (let count = 0; count < 5; count++) {
      expect(await runtime.call(pid, count, { timeoutMs: 60_000 })).toBe(count);
    }
    expect(runtime.stats().timers).toBe(1);
    await expectNoLeaks(runtime, baseline);
  });

  it('leave no Node timer behind after stopping a process that traps exits', async () => {
    const baseline = timeoutBaseline();
    const runtime = createProcessRuntime();
    const pid = runtime.spawn(
      async (self) => {
        await self.receive(isExitMessage);
      },
      { trapExits: true },
    );
    expect(await runtime.stop(pid, { timeoutMs: 60_000 })).toBe('normal');
    await expectNoLeaks(runtime, baseline);
  });
});
