import { describe, expect, it } from 'vitest';
import { expectNoLeaks } from '../../../test/support/expect-no-leaks.ts';
import { idle, setup } from '../../../test/support/process-fixtures.ts';
import { ReceiveTimeout } from '../../errors/process-errors.ts';
import type { RuntimeEvent } from '../runtime-event.ts';
import type { ExitReason } from './exit-reason.ts';
import type { Pid } from './pid.ts';
import { DownMessage, isDownMessage, type MonitorRef } from './system-messages.ts';

describe('monitors', () => {
  it('deliver a DownMessage with the ref, the pid and the reason, and leave the watcher running', async () => {
    const { clock, runtime } = setup();
    const target = runtime.spawn(idle);
    let ref: MonitorRef | undefined;
    let down: DownMessage | undefined;
    const watcher = runtime.spawn(async (self) => {
      ref = self.monitor(target);
      down = await self.receive(isDownMessage);
      await idle(self);
    });
    await clock.tick(0);
    expect(ref?.target).toBe(target);
    const crash = new Error('target crashed');
    runtime.exit(target, crash);
    await clock.tick(0);
    expect(down).toBeInstanceOf(DownMessage);
    expect(down?.type).toBe('down');
    expect(down?.ref).toBe(ref);
    expect(down?.pid).toBe(target);
    expect(down?.reason).toBe(crash);
    expect(watcher.alive).toBe(true);
    await expectNoLeaks(runtime, clock);
  });

  it.each<ExitReason>(['normal', 'shutdown', 'killed'])('report a `%s` exit', async (reason) => {
    const { clock, runtime } = setup();
    const target = runtime.spawn(async (self) => {
      await self.receive();
      self.exit(reason);
    });
    let down: DownMessage | undefined;
    runtime.spawn(async (self) => {
      self.monitor(target);
      down = await self.receive(isDownMessage);
    });
    await clock.tick(0);
    await runtime.send(target, 'go');
    await clock.tick(0);
    expect(down?.reason).toBe(reason);
    await expectNoLeaks(runtime, clock);
  });

  it('each give their own DownMessage when a process is monitored twice', async () => {
    const { clock, runtime } = setup();
    const target = runtime.spawn(idle);
    const refs: MonitorRef[] = [];
    const downs: DownMessage[] = [];
    runtime.spawn(async (self) => {
      refs.push(self.monitor(target), self.monitor(target));
      downs.push(await self.receive(isDownMessage), await self.receive(isDownMessage));
    });
    await clock.tick(0);
    runtime.exit(target, 'shutdown');
    await clock.tick(0);
    expect(refs[0]?.id).not.toBe(refs[1]?.id);
    expect(downs.map((down) => down.ref)).toEqual(refs);
    await expectNoLeaks(runtime, clock);
  });

  it('stop after demonitor: no DownMessage comes', async () => {
    const { clock, runtime } = setup();
    const target = runtime.spawn(idle);
    let outcome: unknown;
    const watcher = runtime.spawn(async (self) => {
      const ref = self.monitor(target);
      self.demonitor(ref);
      await self.receive((message) => message === 'check');
      outcome = await self.receive({ timeoutMs: 0 }).catch((error: unknown) => error);
    });
    await clock.tick(0);
    runtime.exit(target, new Error('crash'));
    await runtime.send(watcher, 'check');
    await runtime.whenExited(watcher);
    expect(outcome).toBeInstanceOf(ReceiveTimeout);
    await expectNoLeaks(runtime, clock);
  });

  it('of an ended process deliver a DownMessage with `noproc` at once', async () => {
    const { clock, runtime } = setup();
    const dead = runtime.spawn(async () => {});
    await runtime.whenExited(dead);
    let down: DownMessage | undefined;
    let ref: MonitorRef | undefined;
    const watcher = runtime.spawn(async (self) => {
      ref = self.monitor(dead);
      down = await self.receive(isDownMessage, { timeoutMs: 0 });
    });
    expect(await runtime.whenExited(watcher)).toBe('normal');
    expect(down).toEqual(new DownMessage(ref as MonitorRef, dead, 'noproc'));
    await expectNoLeaks(runtime, clock);
  });

  it('are one way: the target does not notice its watcher ending', async () => {
    const { clock, runtime } = setup();
    const target = runtime.spawn(idle);
    const watcher = runtime.spawn(async (self) => {
      self.monitor(target);
      await idle(self);
    });
    await clock.tick(0);
    runtime.exit(watcher, new Error('watcher crashed'));
    expect(target.alive).toBe(true);
    await expectNoLeaks(runtime, clock);
  });

  it('die with their watcher: a target ending later sends nothing and breaks nothing', async () => {
    const { clock, runtime } = setup();
    const target = runtime.spawn(idle);
    const watcher = runtime.spawn(async (self) => {
      self.monitor(target);
      await idle(self);
    });
    await clock.tick(0);
    runtime.exit(watcher, 'shutdown');
    runtime.exit(target, new Error('crash'));
    expect(watcher.exitReason).toBe('shutdown');
    expect(target.exitReason).toBeInstanceOf(Error);
    await expectNoLeaks(runtime, clock);
  });
});

describe('onExit and whenExited', () => {
  it('call back once with the exit reason, unless cancelled', async () => {
    const { clock, runtime } = setup();
    const target = runtime.spawn(idle);
    const seen: ExitReason[] = [];
    const cancelled: ExitReason[] = [];
    runtime.onExit(target, (reason) => seen.push(reason));
    const cancel = runtime.onExit(target, (reason) => cancelled.push(reason));
    cancel();
    const crash = new Error('crash');
    runtime.exit(target, crash);
    expect(seen).toEqual([crash]);
    expect(cancelled).toEqual([]);
    await expectNoLeaks(runtime, clock);
  });

  it('answer at once with the reason for a process that already ended', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn(idle);
    runtime.kill(pid);
    const seen: ExitReason[] = [];
    const cancel = runtime.onExit(pid, (reason) => seen.push(reason));
    expect(seen).toEqual(['killed']);
    cancel();
    expect(await runtime.whenExited(pid)).toBe('killed');
    await expectNoLeaks(runtime, clock);
  });

  it('report a throwing callback as a process-error event', async () => {
    const { clock, runtime } = setup();
    const errors: RuntimeEvent[] = [];
    runtime.on((event) => {
      if (event.type === 'process-error') errors.push(event);
    });
    const target: Pid = runtime.spawn(idle);
    const failure = new Error('callback broke');
    runtime.onExit(target, () => {
      throw failure;
    });
    const later: ExitReason[] = [];
    runtime.onExit(target, (reason) => later.push(reason));
    runtime.exit(target, 'shutdown');
    expect(errors).toEqual([
      { type: 'process-error', at: 0, pid: target.id, error: failure, during: 'an exit callback' },
    ]);
    expect(later).toEqual(['shutdown']);
    await expectNoLeaks(runtime, clock);
  });
});
