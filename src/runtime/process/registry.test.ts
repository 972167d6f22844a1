import { describe, expect, it } from 'vitest';
import { expectNoLeaks } from '../../../test/support/expect-no-leaks.ts';
import { idle, setup } from '../../../test/support/process-fixtures.ts';
import { NameTaken, NoSuchProcess } from '../../errors/process-errors.ts';
import { isCallMessage } from './call-message.ts';

/** Throws what `run` throws, or fails the test. */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('the name registry', () => {
  it('registers a name given at spawn, found by whereis and usable as an address', async () => {
    const { clock, runtime } = setup();
    const received: unknown[] = [];
    const pid = runtime.spawn(
      async (self) => {
        received.push(await self.receive());
        const call = await self.receive(isCallMessage);
        call.reply(`hello ${String(call.request)}`);
      },
      { name: 'greeter' },
    );
    expect(pid.name).toBe('greeter');
    expect(runtime.whereis('greeter')).toBe(pid);
    expect(runtime.stats().names).toBe(1);
    await runtime.send('greeter', 'note');
    expect(await runtime.call('greeter', 'you')).toBe('hello you');
    expect(received).toEqual(['note']);
    await expectNoLeaks(runtime, clock);
  });

  it('refuses to spawn under a name in use, and starts nothing', async () => {
    const { clock, runtime } = setup();
    const holder = runtime.spawn(idle, { name: 'planner' });
    let ran = false;
    const error = thrownBy(() =>
      runtime.spawn(
        async () => {
          ran = true;
        },
        { name: 'planner' },
      ),
    );
    expect(error).toBeInstanceOf(NameTaken);
    expect(error).toMatchObject({ code: 'name_taken', processName: 'planner' });
    expect((error as NameTaken).message).toContain(`<${holder.id}>`);
    await clock.tick(0);
    expect(ran).toBe(false);
    expect(runtime.processes()).toEqual([holder]);
    expect(runtime.whereis('planner')).toBe(holder);
    await expectNoLeaks(runtime, clock);
  });

  it('registers a running process with register and self.register', async () => {
    const { clock, runtime } = setup();
    const outside = runtime.spawn(idle);
    runtime.register('outside', outside);
    const inside = runtime.spawn(async (self) => {
      self.register('inside');
      await idle(self);
    });
    await clock.tick(0);
    expect(runtime.whereis('outside')).toBe(outside);
    expect(runtime.whereis('inside')).toBe(inside);
    expect(inside.name).toBe('inside');
    await expectNoLeaks(runtime, clock);
  });

  it('refuses a name another process has, and accepts re-registering the same one', async () => {
    const { clock, runtime } = setup();
    const first = runtime.spawn(idle, { name: 'taken' });
    const second = runtime.spawn(idle);
    expect(() => runtime.register('taken', second)).toThrow(NameTaken);
    expect(second.name).toBeUndefined();
    runtime.register('taken', first);
    expect(runtime.whereis('taken')).toBe(first);
    expect(runtime.stats().names).toBe(1);
    await expectNoLeaks(runtime, clock);
  });

  it('frees the old name when a process registers under another', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn(idle, { name: 'old' });
    runtime.register('new', pid);
    expect(runtime.whereis('old')).toBeUndefined();
    expect(runtime.whereis('new')).toBe(pid);
    expect(pid.name).toBe('new');
    expect(runtime.stats().names).toBe(1);
    expect(() => runtime.send('old', 'hi')).toThrow(NoSuchProcess);
    await expectNoLeaks(runtime, clock);
  });

  it('frees a name on unregister, and ignores an unknown one', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn(idle, { name: 'temporary' });
    runtime.unregister('temporary');
    runtime.unregister('never registered');
    expect(runtime.whereis('temporary')).toBeUndefined();
    expect(pid.name).toBeUndefined();
    expect(pid.alive).toBe(true);
    expect(runtime.stats().names).toBe(0);
    const other = runtime.spawn(idle, { name: 'temporary' });
    expect(runtime.whereis('temporary')).toBe(other);
    await expectNoLeaks(runtime, clock);
  });

  it('frees a name the moment its process ends, so it can be used again', async () => {
    const { clock, runtime } = setup();
    const first = runtime.spawn(idle, { name: 'worker' });
    await clock.tick(0);
    runtime.exit(first, new Error('crash'));
    expect(runtime.whereis('worker')).toBeUndefined();
    expect(runtime.stats().names).toBe(0);
    expect(() => runtime.send('worker', 'hi')).toThrow(NoSuchProcess);
    const second = runtime.spawn(idle, { name: 'worker' });
    expect(runtime.whereis('worker')).toBe(second);
    await expectNoLeaks(runtime, clock);
  });

  it('frees the name of a process that ends normally', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn(async () => {}, { name: 'brief' });
    await runtime.whenExited(pid);
    expect(runtime.whereis('brief')).toBeUndefined();
    await expectNoLeaks(runtime, clock);
  });

  it('refuses to register an ended process', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn(async () => {});
    await runtime.whenExited(pid);
    const error = thrownBy(() => runtime.register('ghost', pid));
    expect(error).toBeInstanceOf(NoSuchProcess);
    expect((error as NoSuchProcess).target).toBe(pid.id);
    expect(runtime.whereis('ghost')).toBeUndefined();
    await expectNoLeaks(runtime, clock);
  });

  it('answers whereis with undefined for an unknown name', async () => {
    const { clock, runtime } = setup();
    expect(runtime.whereis('nobody')).toBeUndefined();
    await expectNoLeaks(runtime, clock);
  });
});
