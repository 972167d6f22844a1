import { afterEach, describe, expect, it } from 'vitest';
import { VegaError } from '../../errors/vega-error.ts';
import { supervisor } from './supervisor.ts';
import { startChild, startSupervisor, terminateChild, whichChildren } from './supervisor-calls.ts';
import { closeHarnesses, harness } from './supervisor-test-harness.ts';

afterEach(closeHarnesses);

describe('whichChildren', () => {
  it('lists the children in start order with their pids, restart types, restarts and kind', async () => {
    const { runtime, child, settle, crash, pid } = harness();
    const root = startSupervisor(
      runtime,
      {
        children: [
          child('a'),
          child('t', { restart: 'temporary' }),
          { id: 'team', start: supervisor({ children: [child('inner')] }), options: { name: 'team' } },
        ],
      },
      { name: 'root' },
    );
    await settle();
    await crash('a');

    expect(await whichChildren(runtime, 'root')).toEqual([
      { id: 'a', pid: pid('a').id, state: 'running', restart: 'permanent', restarts: 1, supervisor: false },
      { id: 't', pid: pid('t').id, state: 'running', restart: 'temporary', restarts: 0, supervisor: false },
      {
        id: 'team',
        pid: pid('team').id,
        state: 'running',
        restart: 'permanent',
        restarts: 0,
        supervisor: true,
      },
    ]);
    expect(await whichChildren(runtime, pid('team'))).toEqual([
      {
        id: 'inner',
        pid: pid('inner').id,
        state: 'running',
        restart: 'permanent',
        restarts: 0,
        supervisor: false,
      },
    ]);
    expect(root.alive).toBe(true);
  });
});

describe('startChild', () => {
  it('starts a child after the others and supervises it like them', async () => {
    const { runtime, log, child, settle, crash, pid } = harness();
    const root = startSupervisor(runtime, { children: [child('a')] });
    await settle();

    const added = await startChild(runtime, root, child('late', { restart: 'transient' }));
    await settle();

    expect(added).toBe(pid('late'));
    expect(log).toEqual(['start a', 'start late']);
    expect((await whichChildren(runtime, root)).map((entry) => [entry.id, entry.restart])).toEqual([
      ['a', 'permanent'],
      ['late', 'transient'],
    ]);

    await crash('late');
    expect(pid('late')).not.toBe(added);

    log.length = 0;
    await runtime.shutdown();
    expect(log).toEqual(['stop late (shutdown)', 'stop a (shutdown)']);
  });

  it('refuses a child whose id is taken, and keeps running', async () => {
    const { runtime, child, settle, pid } = harness();
    const root = startSupervisor(runtime, { children: [child('a')] });
    await settle();
    const a = pid('a');

    const refused = await startChild(runtime, root, { ...child('a'), options: {} }).catch(
      (error: unknown) => error,
    );

    expect(VegaError.isInstance(refused) && refused.code).toBe('duplicate_child');
    expect(root.alive).toBe(true);
    expect(pid('a')).toBe(a);
    expect((await whichChildren(runtime, root)).map((entry) => entry.id)).toEqual(['a']);
  });
});

describe('startChild with a name already registered', () => {
  it('refuses the child, forgets it, and keeps running', async () => {
    const { runtime, child, settle, pid } = harness();
    const root = startSupervisor(runtime, { children: [child('a')] });
    await settle();
    const a = pid('a');

    const refused = await startChild(runtime, root, { ...child('b'), options: { name: 'a' } }).catch(
      (error: unknown) => error,
    );

    expect(VegaError.isInstance(refused) && refused.code).toBe('name_taken');
    expect(root.alive).toBe(true);
    expect(pid('a')).toBe(a);
    expect((await whichChildren(runtime, root)).map((entry) => entry.id)).toEqual(['a']);
  });
});

describe('terminateChild', () => {
  it('stops a child without restarting it or counting it toward the intensity', async () => {
    const { runtime, child, settle, crash, pid, eventsOf } = harness();
    const root = startSupervisor(runtime, { maxRestarts: 1, children: [child('a'), child('b')] });
    await settle();
    const a = pid('a');

    await terminateChild(runtime, root, 'a');
    await settle();

    expect(a.exitReason).toBe('shutdown');
    expect(runtime.whereis('a')).toBeUndefined();
    expect(eventsOf('process-restart')).toEqual([]);
    expect(eventsOf('process-stop')).toEqual([]);
    expect((await whichChildren(runtime, root))[0]).toMatchObject({
      id: 'a',
      pid: undefined,
      state: 'stopped',
    });

    // One restart is allowed: had the termination counted, this failure would make it give up.
    await crash('b');
    expect(root.alive).toBe(true);
    expect(eventsOf('process-restart').map((event) => event.child)).toEqual(['b']);
    expect(eventsOf('supervisor-give-up')).toEqual([]);
  });

  it('terminates a child even with maxRestarts 0 without the supervisor giving up', async () => {
    const { runtime, child, settle } = harness();
    const root = startSupervisor(runtime, { maxRestarts: 0, children: [child('a')] });
    await settle();
    await terminateChild(runtime, root, 'a');
    await settle();
    expect(root.alive).toBe(true);
  });

  it('forgets a temporary child it terminates', async () => {
    const { runtime, child, settle } = harness();
    const root = startSupervisor(runtime, { children: [child('t', { restart: 'temporary' }), child('b')] });
    await settle();
    await terminateChild(runtime, root, 't');
    expect((await whichChildren(runtime, root)).map((entry) => entry.id)).toEqual(['b']);
  });

  it('cancels a restart that is waiting for its backoff', async () => {
    const { runtime, clock, child, crash, eventsOf } = harness();
    const root = startSupervisor(runtime, {
      backoff: { type: 'constant', initialMs: 1_000, maxMs: 1_000 },
      children: [child('a')],
    });
    await crash('a');
    await terminateChild(runtime, root, 'a');
    await clock.tick(1_000);

    expect(runtime.whereis('a')).toBeUndefined();
    expect(eventsOf('process-restart')).toEqual([]);
    expect((await whichChildren(runtime, root))[0]).toMatchObject({ pid: undefined, state: 'stopped' });
  });

  it('refuses an unknown child, and keeps running', async () => {
    const { runtime, child, settle, pid } = harness();
    const root = startSupervisor(runtime, { children: [child('a')] });
    await settle();
    const a = pid('a');

    const refused = await terminateChild(runtime, root, 'nobody').catch((error: unknown) => error);

    expect(VegaError.isInstance(refused) && refused.code).toBe('unknown_child');
    expect(root.alive).toBe(true);
    expect(pid('a')).toBe(a);
  });
});
