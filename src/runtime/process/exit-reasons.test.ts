import { describe, expect, it } from 'vitest';
import { expectNoLeaks } from '../../../test/support/expect-no-leaks.ts';
import { idle, setup } from '../../../test/support/process-fixtures.ts';
import { ProcessAborted, ProcessCrashed } from '../../errors/process-errors.ts';
import { VegaError } from '../../errors/vega-error.ts';
import type { RuntimeEvent } from '../runtime-event.ts';
import { describeExitReason, type ExitReason, isAbnormalExit } from './exit-reason.ts';
import { ExitMessage, isExitMessage } from './system-messages.ts';

describe('exit reasons', () => {
  it('is `normal` when an async body returns', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn(async () => {});
    expect(await runtime.whenExited(pid)).toBe('normal');
    expect(pid.alive).toBe(false);
    expect(pid.exitReason).toBe('normal');
    await expectNoLeaks(runtime, clock);
  });

  it('is `normal` when a plain function body returns', async () => {
    const { clock, runtime } = setup();
    let ran = false;
    const pid = runtime.spawn(() => {
      ran = true;
    });
    expect(await runtime.whenExited(pid)).toBe('normal');
    expect(ran).toBe(true);
    await expectNoLeaks(runtime, clock);
  });

  it('is `normal` after self.exit() with no reason', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn(async (self) => {
      self.exit();
    });
    expect(await runtime.whenExited(pid)).toBe('normal');
    await expectNoLeaks(runtime, clock);
  });

  it('is the very error an async body throws', async () => {
    const { clock, runtime } = setup();
    const crash = new TypeError('bad input');
    const pid = runtime.spawn(async () => {
      throw crash;
    });
    expect(await runtime.whenExited(pid)).toBe(crash);
    await expectNoLeaks(runtime, clock);
  });

  it('is the very error a plain function body throws', async () => {
    const { clock, runtime } = setup();
    const crash = new Error('sync crash');
    const pid = runtime.spawn(() => {
      throw crash;
    });
    expect(await runtime.whenExited(pid)).toBe(crash);
    await expectNoLeaks(runtime, clock);
  });

  it.each<[string, unknown]>([
    ['a string', 'oops'],
    ['a number', 42],
    ['undefined', undefined],
    ['an object', { code: 7 }],
  ])('is a ProcessCrashed that keeps %s thrown as its cause', async (_label, thrown) => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn(async () => {
      throw thrown;
    });
    const reason = await runtime.whenExited(pid);
    expect(reason).toBeInstanceOf(ProcessCrashed);
    const crashed = reason as ProcessCrashed;
    expect(crashed.cause).toBe(thrown);
    expect(crashed.code).toBe('process_crashed');
    expect(VegaError.isInstance(crashed)).toBe(true);
    expect(crashed.message).toContain(String(thrown));
    expect(crashed.message).toContain(`<${pid.id}>`);
    await expectNoLeaks(runtime, clock);
  });

  it('is the error given to self.exit, even for a process that traps exits', async () => {
    const { clock, runtime } = setup();
    const crash = new Error('gave up');
    const pid = runtime.spawn(async (self) => {
      self.trapExits = true;
      self.exit(crash);
    });
    expect(await runtime.whenExited(pid)).toBe(crash);
    await expectNoLeaks(runtime, clock);
  });

  it('is `shutdown` after stop() or an exit signal `shutdown`', async () => {
    const { clock, runtime } = setup();
    const stopped = runtime.spawn(idle);
    const signalled = runtime.spawn(idle);
    await clock.tick(0);
    expect(await runtime.stop(stopped)).toBe('shutdown');
    runtime.exit(signalled, 'shutdown');
    expect(signalled.exitReason).toBe('shutdown');
    await expectNoLeaks(runtime, clock);
  });

  it('is `killed` after kill(), at once', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn(idle);
    await clock.tick(0);
    runtime.kill(pid);
    expect(pid.alive).toBe(false);
    expect(pid.exitReason).toBe('killed');
    await expectNoLeaks(runtime, clock);
  });

  it('is `killed` for a process killed before it ever ran, whose body then never runs', async () => {
    const { clock, runtime } = setup();
    let ran = false;
    const pid = runtime.spawn(async () => {
      ran = true;
    });
    runtime.kill(pid);
    await clock.tick(0);
    expect(pid.exitReason).toBe('killed');
    expect(ran).toBe(false);
    await expectNoLeaks(runtime, clock);
  });

  it('is `noproc` for a process that links to an ended one', async () => {
    const { clock, runtime } = setup();
    const dead = runtime.spawn(async () => {});
    await runtime.whenExited(dead);
    const pid = runtime.spawn(async (self) => {
      self.link(dead);
      await idle(self);
    });
    expect(await runtime.whenExited(pid)).toBe('noproc');
    await expectNoLeaks(runtime, clock);
  });

  it('is the error sent as an exit signal', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn(idle);
    await clock.tick(0);
    const reason = new Error('from outside');
    runtime.exit(pid, reason);
    expect(pid.exitReason).toBe(reason);
    await expectNoLeaks(runtime, clock);
  });

  it('stays the first one: a body that throws after its process ended does not change it', async () => {
    const { clock, runtime } = setup();
    const gate = Promise.withResolvers<void>();
    const pid = runtime.spawn(async () => {
      await gate.promise;
      throw new Error('too late');
    });
    await clock.tick(0);
    runtime.exit(pid, 'shutdown');
    gate.resolve();
    await clock.tick(0);
    expect(pid.exitReason).toBe('shutdown');
    await expectNoLeaks(runtime, clock);
  });

  it('is carried by the process-exit event, with the name the process had', async () => {
    const { clock, runtime } = setup();
    const exits: RuntimeEvent[] = [];
    runtime.on((event) => {
      if (event.type === 'process-exit') exits.push(event);
    });
    const crash = new Error('crash');
    const pid = runtime.spawn(
      async () => {
        throw crash;
      },
      { name: 'worker' },
    );
    await runtime.whenExited(pid);
    expect(exits).toEqual([{ type: 'process-exit', at: 0, pid: pid.id, name: 'worker', reason: crash }]);
    await expectNoLeaks(runtime, clock);
  });
});

describe('exit signals', () => {
  it('`normal` from outside is ignored by a process that does not trap exits', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn(idle);
    await clock.tick(0);
    runtime.exit(pid, 'normal');
    expect(pid.alive).toBe(true);
    await expectNoLeaks(runtime, clock);
  });

  it('reach a process that traps exits as ExitMessages with no sender, `normal` included', async () => {
    const { clock, runtime } = setup();
    const received: ExitMessage[] = [];
    const pid = runtime.spawn(async (self) => {
      self.trapExits = true;
      for (;;) {
        const message = await self.receive(isExitMessage);
        received.push(message);
        if (message.reason === 'shutdown') return;
      }
    });
    await clock.tick(0);
    const crash = new Error('crash');
    runtime.exit(pid, 'normal');
    runtime.exit(pid, crash);
    runtime.exit(pid, 'killed');
    runtime.exit(pid, 'shutdown');
    expect(await runtime.whenExited(pid)).toBe('normal');
    expect(received).toEqual([
      new ExitMessage(undefined, 'normal'),
      new ExitMessage(undefined, crash),
      new ExitMessage(undefined, 'killed'),
      new ExitMessage(undefined, 'shutdown'),
    ]);
    await expectNoLeaks(runtime, clock);
  });

  it('to an ended process are ignored', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn(async () => {});
    await runtime.whenExited(pid);
    runtime.exit(pid, new Error('late'));
    runtime.kill(pid);
    expect(pid.exitReason).toBe('normal');
    await expectNoLeaks(runtime, clock);
  });

  it('can be switched on and off by setting trapExits', async () => {
    const { clock, runtime } = setup();
    let trapped: ExitMessage | undefined;
    const pid = runtime.spawn(async (self) => {
      self.trapExits = true;
      trapped = await self.receive(isExitMessage);
      self.trapExits = false;
      await idle(self);
    });
    await clock.tick(0);
    const first = new Error('first');
    runtime.exit(pid, first);
    await clock.tick(0);
    expect(trapped?.reason).toBe(first);
    expect(pid.alive).toBe(true);
    const second = new Error('second');
    runtime.exit(pid, second);
    expect(pid.exitReason).toBe(second);
    await expectNoLeaks(runtime, clock);
  });
});

describe('ending', () => {
  it('frees the process at once while a body that ignores its signal lingers until it settles', async () => {
    const { clock, runtime } = setup();
    const gate = Promise.withResolvers<void>();
    let signal: AbortSignal | undefined;
    const pid = runtime.spawn(async (self) => {
      signal = self.signal;
      await gate.promise;
    });
    await clock.tick(0);
    runtime.exit(pid, 'shutdown');
    expect(signal?.reason).toBeInstanceOf(ProcessAborted);
    expect(runtime.stats()).toMatchObject({ processes: 0, lingering: 1 });
    gate.resolve();
    await clock.tick(0);
    expect(runtime.stats().lingering).toBe(0);
    await expectNoLeaks(runtime, clock);
  });

  it('rejects a receive made by a lingering body', async () => {
    const { clock, runtime } = setup();
    const gate = Promise.withResolvers<void>();
    let late: unknown;
    const pid = runtime.spawn(async (self) => {
      await gate.promise;
      late = await self.receive().catch((error: unknown) => error);
    });
    await clock.tick(0);
    runtime.kill(pid);
    gate.resolve();
    await clock.tick(0);
    expect(late).toBeInstanceOf(ProcessAborted);
    expect((late as ProcessAborted).reason).toBe('killed');
    await expectNoLeaks(runtime, clock);
  });
});

describe('isAbnormalExit and describeExitReason', () => {
  it.each<[ExitReason, boolean, string]>([
    ['normal', false, 'normal'],
    ['shutdown', false, 'shutdown'],
    ['killed', true, 'killed'],
    ['noproc', true, 'noproc'],
    [new Error('model error 500'), true, 'error: model error 500'],
  ])('%s: abnormal %s, described as "%s"', (reason, abnormal, description) => {
    expect(isAbnormalExit(reason)).toBe(abnormal);
    expect(describeExitReason(reason)).toBe(description);
  });
});
