import { afterEach, describe, expect, it } from 'vitest';
import type { ProcessExitEvent } from '../runtime-event.ts';
import { supervisor } from './supervisor.ts';
import { startSupervisor, terminateChild, whichChildren } from './supervisor-calls.ts';
import { SupervisorGaveUp } from './supervisor-gave-up.ts';
import { closeHarnesses, harness } from './supervisor-test-harness.ts';

afterEach(closeHarnesses);

const exponential = { type: 'exponential', initialMs: 1_000, maxMs: 30_000, jitter: 0 } as const;

describe('supervisor restart backoff', () => {
  it('waits 1 s, 2 s, then 4 s before consecutive restarts, restarting exactly when each delay has passed', async () => {
    const { runtime, clock, child, settle, crash, pid, eventsOf } = harness();
    const root = startSupervisor(runtime, {
      maxRestarts: 10,
      windowMs: 60_000,
      backoff: exponential,
      children: [child('a'), child('b')],
    });
    await settle();
    const b = pid('b');

    for (const delay of [1_000, 2_000, 4_000]) {
      await crash('a');
      const failedAt = clock.now();
      const [status] = await whichChildren(runtime, root);
      expect(status).toMatchObject({ id: 'a', pid: undefined, state: 'restarting' });
      expect(clock.pendingTimers()).toBe(1);

      await clock.tick(delay - 1);
      expect(runtime.whereis('a')).toBeUndefined();
      await clock.tick(1);
      expect(runtime.whereis('a')?.alive).toBe(true);
      expect(clock.now()).toBe(failedAt + delay);
    }

    expect(eventsOf('process-restart').map((event) => [event.at, event.delayMs, event.attempt])).toEqual([
      [1_000, 1_000, 1],
      [3_000, 2_000, 2],
      [7_000, 4_000, 3],
    ]);
    expect(pid('b')).toBe(b);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('starts again from the first delay once the child has run for the intensity window', async () => {
    const { runtime, clock, child, crash, eventsOf } = harness();
    startSupervisor(runtime, {
      maxRestarts: 10,
      windowMs: 10_000,
      backoff: exponential,
      children: [child('a')],
    });
    await crash('a');
    await clock.tick(1_000);
    await crash('a');
    await clock.tick(2_000);
    // Quiet for a whole window (10 s) since its last start.
    await clock.tick(10_000);
    await crash('a');
    await clock.tick(1_000);

    expect(eventsOf('process-restart').map((event) => [event.at, event.delayMs, event.attempt])).toEqual([
      [1_000, 1_000, 1],
      [3_000, 2_000, 2],
      [14_000, 1_000, 3],
    ]);
  });

  it('keeps growing the delay when the child fails sooner than resetAfterMs, and resets once it has run that long', async () => {
    const { runtime, clock, child, crash, eventsOf } = harness();
    startSupervisor(runtime, {
      maxRestarts: 10,
      windowMs: 60_000,
      backoff: { ...exponential, resetAfterMs: 5_000 },
      children: [child('a')],
    });
    await crash('a');
    await clock.tick(1_000);
    await clock.tick(4_999);
    await crash('a');
    await clock.tick(2_000);
    await clock.tick(5_000);
    await crash('a');
    await clock.tick(1_000);

    expect(eventsOf('process-restart').map((event) => event.delayMs)).toEqual([1_000, 2_000, 1_000]);
  });

  it('stops the group at once on a one_for_all failure and restarts all of it after the delay', async () => {
    const { runtime, clock, log, child, crash, eventsOf } = harness();
    startSupervisor(runtime, {
      strategy: 'one_for_all',
      maxRestarts: 10,
      backoff: exponential,
      children: [child('a'), child('b'), child('c')],
    });
    await crash('b', 'boom');
    expect(log.slice(3)).toEqual(['stop b (error: boom)', 'stop c (shutdown)', 'stop a (shutdown)']);
    expect(runtime.processes()).toHaveLength(1);

    await clock.tick(999);
    expect(runtime.processes()).toHaveLength(1);
    await clock.tick(1);
    expect(log.slice(6)).toEqual(['start a', 'start b', 'start c']);
    expect(eventsOf('process-restart').map((event) => [event.child, event.at, event.delayMs])).toEqual([
      ['a', 1_000, 1_000],
      ['b', 1_000, 1_000],
      ['c', 1_000, 1_000],
    ]);
  });

  it('still restarts when the delay ends while its mailbox is full', async () => {
    const { runtime, clock, child, stubborn, settle, crash, eventsOf } = harness();
    const root = runtime.spawn(
      supervisor({
        backoff: { type: 'constant', initialMs: 1_000, maxMs: 1_000 },
        children: [child('a'), stubborn('s', { shutdown: 5_000 })],
      }),
      { trapExits: true, mailbox: { capacity: 1 } },
    );
    await settle();
    await crash('a');
    // Busy stopping s for 5 s, while a message fills its mailbox: the delay ends meanwhile.
    const terminating = terminateChild(runtime, root, 's');
    await settle();
    await runtime.send(root, 'unrelated' as never);
    await clock.tick(5_000);
    await terminating;

    expect(runtime.whereis('a')?.alive).toBe(true);
    expect(eventsOf('process-restart').map((event) => [event.child, event.at])).toEqual([['a', 5_000]]);
  });

  it('clears a waiting restart timer when the runtime shuts down', async () => {
    const { runtime, clock, child, crash, eventsOf } = harness();
    const root = startSupervisor(runtime, { backoff: exponential, children: [child('a')] });
    await crash('a');
    expect(runtime.stats().timers).toBe(1);

    await runtime.shutdown();

    expect(root.exitReason).toBe('shutdown');
    expect(runtime.stats().timers).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
    await clock.tick(10_000);
    expect(eventsOf('process-restart')).toEqual([]);
    expect(runtime.processes()).toEqual([]);
  });

  it('does not restart a group whose siblings were still stopping when the runtime began to shut down', async () => {
    const { runtime, clock, stubborn, child, settle, crash, eventsOf } = harness();
    startSupervisor(runtime, {
      strategy: 'one_for_all',
      children: [child('a'), stubborn('s', { shutdown: 1_000 })],
    });
    await settle();
    await crash('a');
    let closed = false;
    const closing = runtime.shutdown().then(() => {
      closed = true;
    });
    await clock.tick(1_000);

    expect(closed).toBe(true);
    await closing;
    expect(eventsOf('process-restart')).toEqual([]);
  });

  it('does not restart when its backoff delay ends after the runtime began to shut down', async () => {
    const { runtime, clock, stubborn, child, settle, crash, eventsOf } = harness();
    const team = supervisor({
      backoff: { type: 'constant', initialMs: 500, maxMs: 500 },
      children: [child('a')],
    });
    startSupervisor(runtime, { children: [{ id: 'team', start: team }, stubborn('s', { shutdown: 1_000 })] });
    await settle();
    await crash('a');
    // The root stops s (1 s) before it reaches team, whose delay ends meanwhile.
    const closing = runtime.shutdown();
    await clock.tick(1_000);
    await closing;

    expect(eventsOf('process-restart')).toEqual([]);
  });

  it('clears a waiting restart timer when it gives up', async () => {
    const { runtime, clock, child, crash } = harness();
    const root = startSupervisor(runtime, {
      maxRestarts: 1,
      backoff: exponential,
      children: [child('a'), child('b')],
    });
    await crash('a');
    expect(clock.pendingTimers()).toBe(1);
    await crash('b');
    expect(root.exitReason).toBeInstanceOf(SupervisorGaveUp);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('clears a waiting restart timer when it is killed', async () => {
    const { runtime, clock, child, crash } = harness();
    const root = startSupervisor(runtime, { backoff: exponential, children: [child('a')] });
    await crash('a');
    expect(clock.pendingTimers()).toBe(1);

    runtime.kill(root);

    expect(root.exitReason).toBe('killed');
    expect(runtime.stats().timers).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('supervisor shutdown times', () => {
  const exitsOf = (events: readonly ProcessExitEvent[], name: string) =>
    events.filter((event) => event.name === name).map((event) => [event.at, event.reason]);

  it('kills a child that traps exits and never ends once its shutdown time has passed', async () => {
    const { runtime, clock, log, stubborn, settle, pid, eventsOf } = harness();
    const root = startSupervisor(runtime, { children: [stubborn('s', { shutdown: 2_000 })] });
    await settle();
    const s = pid('s');

    let terminated = false;
    const terminating = terminateChild(runtime, root, 's').then(() => {
      terminated = true;
    });
    await settle();
    expect(log).toEqual(['start s', 'ignore s (shutdown)']);

    await clock.tick(1_999);
    expect(s.alive).toBe(true);
    expect(terminated).toBe(false);
    await clock.tick(1);
    expect(s.exitReason).toBe('killed');
    await terminating;
    expect(exitsOf(eventsOf('process-exit'), 's')).toEqual([[2_000, 'killed']]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('gives a child 5 s by default before killing it, when the runtime shuts down', async () => {
    const { runtime, clock, stubborn, settle, pid } = harness();
    const root = startSupervisor(runtime, { children: [stubborn('s')] });
    await settle();
    const s = pid('s');

    let closed = false;
    const closing = runtime.shutdown({ timeoutMs: 60_000 }).then(() => {
      closed = true;
    });
    await clock.tick(4_999);
    expect(s.alive).toBe(true);
    await clock.tick(1);
    expect(s.exitReason).toBe('killed');
    await closing;
    expect(closed).toBe(true);
    expect(root.exitReason).toBe('shutdown');
  });

  it('waits for a stubborn child when giving up, then kills it and fails', async () => {
    const { runtime, clock, child, stubborn, settle, crash } = harness();
    const root = startSupervisor(runtime, {
      maxRestarts: 0,
      children: [stubborn('s', { shutdown: 3_000 }), child('a')],
    });
    await settle();
    const s = runtime.whereis('s');
    await crash('a');
    expect(root.alive).toBe(true);
    await clock.tick(2_999);
    expect(root.alive).toBe(true);
    await clock.tick(1);
    expect(s?.exitReason).toBe('killed');
    expect(root.exitReason).toBeInstanceOf(SupervisorGaveUp);
  });

  it('kills a brutal_kill child at once, even one that traps exits', async () => {
    const { runtime, clock, log, stubborn, settle, pid } = harness();
    const root = startSupervisor(runtime, { children: [stubborn('s', { shutdown: 'brutal_kill' })] });
    await settle();
    const s = pid('s');

    await terminateChild(runtime, root, 's');

    expect(s.exitReason).toBe('killed');
    expect(clock.now()).toBe(0);
    expect(log).toEqual(['start s']);
  });

  it('does not kill a child that ends by itself within its shutdown time', async () => {
    const { runtime, clock, log, tidy, settle, pid, eventsOf } = harness();
    const root = startSupervisor(runtime, { children: [tidy('t', 500, { shutdown: 2_000 })] });
    await settle();
    const t = pid('t');

    const terminating = terminateChild(runtime, root, 't');
    await settle();
    expect(log).toEqual(['start t', 'clean t']);
    await clock.tick(499);
    expect(t.alive).toBe(true);
    await clock.tick(1);
    expect(t.exitReason).toBe('shutdown');
    await terminating;

    expect(exitsOf(eventsOf('process-exit'), 't')).toEqual([[500, 'shutdown']]);
    expect(clock.pendingTimers()).toBe(0);
    await clock.tick(10_000);
    expect(exitsOf(eventsOf('process-exit'), 't')).toEqual([[500, 'shutdown']]);
  });

  it('waits for ever for a child whose shutdown is infinity', async () => {
    const { runtime, clock, stubborn, settle, pid } = harness();
    const root = startSupervisor(runtime, { children: [stubborn('s', { shutdown: 'infinity' })] });
    await settle();
    const s = pid('s');

    let terminated = false;
    const terminating = terminateChild(runtime, root, 's').then(() => {
      terminated = true;
    });
    await clock.tick(3_600_000);
    expect(s.alive).toBe(true);
    expect(terminated).toBe(false);
    expect(clock.pendingTimers()).toBe(0);

    runtime.kill(s);
    await terminating;
    expect(terminated).toBe(true);
  });
});
