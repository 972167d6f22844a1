import { describe, expect, it } from 'vitest';
import { expectNoLeaks } from '../../../test/support/expect-no-leaks.ts';
import { idle, setup } from '../../../test/support/process-fixtures.ts';
import { ProcessAborted } from '../../errors/process-errors.ts';
import type { Pid } from './pid.ts';
import type { Self } from './self.ts';
import { ExitMessage, isExitMessage } from './system-messages.ts';

/** Waits for messages until the process ends; the rejected receive settles the body, so nothing lingers. */

/** Traps exits and records the exit messages other processes cause; ends on the runtime's own (shutdown). */
function trapper(received: ExitMessage[]) {
  return async (self: Self): Promise<void> => {
    self.trapExits = true;
    for (;;) {
      const message = await self.receive(isExitMessage);
      if (message.from === undefined) return self.exit(message.reason);
      received.push(message);
    }
  };
}

/** Spawns an idle process that links itself to `other` when it starts. */
function linkedTo(runtime: ReturnType<typeof setup>['runtime'], other: Pid): Pid {
  return runtime.spawn(async (self) => {
    self.link(other);
    await idle(self);
  });
}

describe('links', () => {
  it.each(['linker', 'linked'] as const)(
    'end the other process with the same reason when the %s one crashes',
    async (which) => {
      const { clock, runtime } = setup();
      const target = runtime.spawn(idle);
      const linker = linkedTo(runtime, target);
      await clock.tick(0);
      const crash = new Error(`${which} crashed`);
      const [crashing, other] = which === 'linker' ? [linker, target] : [target, linker];
      runtime.exit(crashing, crash);
      expect(crashing.exitReason).toBe(crash);
      expect(other.alive).toBe(false);
      expect(other.exitReason).toBe(crash);
      await expectNoLeaks(runtime, clock);
    },
  );

  it('do not end a process that does not trap exits when the other ends normally or is shut down', async () => {
    const { clock, runtime } = setup();
    const survivor = runtime.spawn(idle);
    const normal = runtime.spawn(async (self) => {
      self.link(survivor);
      await self.receive();
    });
    await clock.tick(0);
    await runtime.send(normal, 'finish');
    expect(await runtime.whenExited(normal)).toBe('normal');
    expect(survivor.alive).toBe(true);

    const shutDown = linkedTo(runtime, survivor);
    await clock.tick(0);
    runtime.exit(shutDown, 'shutdown');
    expect(shutDown.exitReason).toBe('shutdown');
    // `shutdown` is an exit signal like any other but `normal`: it ends a linked process that does not trap.
    expect(survivor.exitReason).toBe('shutdown');
    await expectNoLeaks(runtime, clock);
  });

  it('turn exit signals into ExitMessages for a process that traps exits, normal ones included', async () => {
    const { clock, runtime } = setup();
    const received: ExitMessage[] = [];
    const trapping = runtime.spawn(trapper(received));
    const finishes = runtime.spawn(async (self) => {
      self.link(trapping);
      await self.receive();
    });
    const crashes = linkedTo(runtime, trapping);
    await clock.tick(0);
    await runtime.send(finishes, 'finish');
    await runtime.whenExited(finishes);
    const crash = new Error('crash');
    runtime.exit(crashes, crash);
    await clock.tick(0);
    expect(trapping.alive).toBe(true);
    expect(received).toHaveLength(2);
    expect(received[0]).toBeInstanceOf(ExitMessage);
    expect(received[0]).toMatchObject({ type: 'exit', from: finishes, reason: 'normal' });
    expect(received[1]).toMatchObject({ type: 'exit', from: crashes, reason: crash });
    await expectNoLeaks(runtime, clock);
  });

  it('propagate a kill as `killed`, which linked processes can trap', async () => {
    const { clock, runtime } = setup();
    const received: ExitMessage[] = [];
    const victim = runtime.spawn(idle);
    const trapping = runtime.spawn(async (self) => {
      self.link(victim);
      await trapper(received)(self);
    });
    const bystander = linkedTo(runtime, victim);
    await clock.tick(0);
    runtime.kill(victim);
    expect(victim.exitReason).toBe('killed');
    expect(bystander.exitReason).toBe('killed');
    await clock.tick(0);
    expect(trapping.alive).toBe(true);
    expect(received).toEqual([new ExitMessage(victim, 'killed')]);
    await expectNoLeaks(runtime, clock);
  });

  it('cannot stop a kill: a process that traps exits is killed too', async () => {
    const { clock, runtime } = setup();
    const received: ExitMessage[] = [];
    const trapping = runtime.spawn(trapper(received));
    await clock.tick(0);
    runtime.kill(trapping);
    expect(trapping.exitReason).toBe('killed');
    expect(received).toEqual([]);
    await expectNoLeaks(runtime, clock);
  });

  it('carry a crash along a chain until a process that traps exits', async () => {
    const { clock, runtime } = setup();
    const received: ExitMessage[] = [];
    const head = runtime.spawn(trapper(received));
    const middle = linkedTo(runtime, head);
    const tail = linkedTo(runtime, middle);
    await clock.tick(0);
    const crash = new Error('tail crashed');
    runtime.exit(tail, crash);
    expect(middle.exitReason).toBe(crash);
    await clock.tick(0);
    expect(head.alive).toBe(true);
    expect(received).toEqual([new ExitMessage(middle, crash)]);
    await expectNoLeaks(runtime, clock);
  });

  it('survive a chain of 10,000 linked processes without overflowing the stack', async () => {
    const { clock, runtime } = setup();
    const chain: Pid[] = [];
    for (let index = 0; index < 10_000; index++) {
      const previous = chain.at(-1);
      chain.push(previous === undefined ? runtime.spawn(idle) : linkedTo(runtime, previous));
    }
    await clock.tick(0);
    const crash = new Error('first link broke');
    runtime.exit(chain[0] as Pid, crash);
    expect(chain.every((pid) => pid.exitReason === crash)).toBe(true);
    expect(runtime.stats().processes).toBe(0);
    await expectNoLeaks(runtime, clock);
  });

  it('carry a kill from the far end of a 10,000 long chain as `killed`', async () => {
    const { clock, runtime } = setup();
    const chain: Pid[] = [];
    for (let index = 0; index < 10_000; index++) {
      const previous = chain.at(-1);
      chain.push(previous === undefined ? runtime.spawn(idle) : linkedTo(runtime, previous));
    }
    await clock.tick(0);
    runtime.kill(chain.at(-1) as Pid);
    expect(chain.every((pid) => pid.exitReason === 'killed')).toBe(true);
    await expectNoLeaks(runtime, clock);
  });

  it('carry a crash from a hub to each of 1,000 processes linked to it', async () => {
    const { clock, runtime } = setup();
    const hub = runtime.spawn(idle);
    const spokes = Array.from({ length: 1_000 }, () => linkedTo(runtime, hub));
    await clock.tick(0);
    const crash = new Error('hub crashed');
    runtime.exit(hub, crash);
    expect(spokes.every((pid) => pid.exitReason === crash)).toBe(true);
    await expectNoLeaks(runtime, clock);
  });

  it('are removed by unlink, from either side', async () => {
    const { clock, runtime } = setup();
    const first = runtime.spawn<Pid>(async (self) => {
      // The side that did not make the link drops it.
      self.unlink(await self.receive());
      await idle(self);
    });
    const second = runtime.spawn(async (self) => {
      self.link(first);
      self.unlink(first);
      await idle(self);
    });
    const third = linkedTo(runtime, first);
    await clock.tick(0);
    await runtime.send(first, third);
    await clock.tick(0);
    runtime.exit(first, new Error('crash'));
    expect(second.alive).toBe(true);
    expect(third.alive).toBe(true);

    // Links made after an unlink still work.
    const fourth = linkedTo(runtime, second);
    await clock.tick(0);
    const later = new Error('later crash');
    runtime.exit(fourth, later);
    expect(second.exitReason).toBe(later);
    await expectNoLeaks(runtime, clock);
  });

  it('to an ended process send `noproc`, which ends a process that does not trap exits', async () => {
    const { clock, runtime } = setup();
    const dead = runtime.spawn(async () => {});
    await runtime.whenExited(dead);
    const linker = runtime.spawn(async (self) => {
      self.link(dead);
      await idle(self);
    });
    expect(await runtime.whenExited(linker)).toBe('noproc');
    await expectNoLeaks(runtime, clock);
  });

  it('to an ended process give a process that traps exits an ExitMessage with `noproc`', async () => {
    const { clock, runtime } = setup();
    const dead = runtime.spawn(async () => {});
    await runtime.whenExited(dead);
    let message: ExitMessage | undefined;
    const trapping = runtime.spawn(async (self) => {
      self.trapExits = true;
      self.link(dead);
      message = await self.receive(isExitMessage);
    });
    await runtime.whenExited(trapping);
    expect(message).toEqual(new ExitMessage(dead, 'noproc'));
    expect(trapping.exitReason).toBe('normal');
    await expectNoLeaks(runtime, clock);
  });

  it('to itself do nothing', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn(async (self) => {
      self.link(self);
      await self.receive();
    });
    await clock.tick(0);
    await runtime.send(pid, 'done');
    expect(await runtime.whenExited(pid)).toBe('normal');
    await expectNoLeaks(runtime, clock);
  });

  it('made by spawn({ link: true }) tie a child to its parent both ways', async () => {
    const { clock, runtime } = setup();
    const children: Pid[] = [];
    const spawnParent = () =>
      runtime.spawn(async (self) => {
        children.push(self.spawn(idle, { link: true }));
        await idle(self);
      });
    const firstParent = spawnParent();
    const secondParent = spawnParent();
    await clock.tick(0);
    const [firstChild, secondChild] = children as [Pid, Pid];

    const childCrash = new Error('child crashed');
    runtime.exit(firstChild, childCrash);
    expect(firstParent.exitReason).toBe(childCrash);

    const parentCrash = new Error('parent crashed');
    runtime.exit(secondParent, parentCrash);
    expect(secondChild.exitReason).toBe(parentCrash);
    await expectNoLeaks(runtime, clock);
  });

  it('cannot be made from a body whose process already ended: spawn throws its abort reason', async () => {
    const { clock, runtime } = setup();
    const gate = Promise.withResolvers<void>();
    let thrown: unknown;
    let ran = false;
    const parent = runtime.spawn(async (self) => {
      await gate.promise;
      try {
        self.spawn(
          async () => {
            ran = true;
          },
          { link: true },
        );
      } catch (error) {
        thrown = error;
      }
    });
    await clock.tick(0);
    runtime.exit(parent, 'shutdown');
    gate.resolve();
    await clock.tick(0);
    expect(thrown).toBeInstanceOf(ProcessAborted);
    expect((thrown as ProcessAborted).reason).toBe('shutdown');
    expect(ran).toBe(false);
    expect(runtime.stats().processes).toBe(0);
    await expectNoLeaks(runtime, clock);
  });

  it('leave a child spawned without link running when its parent crashes', async () => {
    const { clock, runtime } = setup();
    let child: Pid | undefined;
    const parent = runtime.spawn(async (self) => {
      child = self.spawn(idle);
      await idle(self);
    });
    await clock.tick(0);
    runtime.exit(parent, new Error('parent crashed'));
    expect(child?.alive).toBe(true);
    await expectNoLeaks(runtime, clock);
  });
});
