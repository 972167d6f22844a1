import { afterEach, describe, expect, it } from 'vitest';
import type { ChildFailure, ChildRestart, SupervisorGiveUp } from './child-spec.ts';
import { isSupervisor, supervisor } from './supervisor.ts';
import { startSupervisor, whichChildren } from './supervisor-calls.ts';
import { SupervisorGaveUp } from './supervisor-gave-up.ts';
import { closeHarnesses, harness } from './supervisor-test-harness.ts';

afterEach(closeHarnesses);

describe('supervisor start and stop order', () => {
  it('starts its children in list order, each linked to it, and stops them in reverse order on shutdown', async () => {
    const { runtime, log, child, settle, eventsOf } = harness();
    const root = startSupervisor(
      runtime,
      { children: [child('a'), child('b'), child('c')] },
      { name: 'root' },
    );
    await settle();

    expect(log).toEqual(['start a', 'start b', 'start c']);
    const spawns = eventsOf('process-spawn');
    expect(spawns.map((event) => [event.name, event.parent])).toEqual([
      ['root', undefined],
      ['a', root.id],
      ['b', root.id],
      ['c', root.id],
    ]);

    await runtime.shutdown();
    expect(log.slice(3)).toEqual(['stop c (shutdown)', 'stop b (shutdown)', 'stop a (shutdown)']);
    expect(root.exitReason).toBe('shutdown');
    expect(eventsOf('process-exit').map((event) => event.name)).toEqual(['c', 'b', 'a', 'root']);
  });

  it('stops the surviving children in reverse order when it gives up', async () => {
    const { runtime, log, child, crash } = harness();
    const root = startSupervisor(runtime, {
      maxRestarts: 0,
      children: [child('a'), child('b'), child('c'), child('d')],
    });
    await crash('b', 'boom');

    expect(log.slice(4)).toEqual([
      'stop b (error: boom)',
      'stop d (shutdown)',
      'stop c (shutdown)',
      'stop a (shutdown)',
    ]);
    expect(root.alive).toBe(false);
  });

  it('stops every child in reverse order, then starts them all in order, on a one_for_all restart', async () => {
    const { runtime, log, child, crash } = harness();
    startSupervisor(runtime, { strategy: 'one_for_all', children: [child('a'), child('b'), child('c')] });
    await crash('b', 'boom');

    expect(log.slice(3)).toEqual([
      'stop b (error: boom)',
      'stop c (shutdown)',
      'stop a (shutdown)',
      'start a',
      'start b',
      'start c',
    ]);
  });
});

describe('supervisor strategies', () => {
  it('one_for_one restarts only the child that failed', async () => {
    const { runtime, child, settle, crash, pid, eventsOf } = harness();
    const root = startSupervisor(runtime, {
      strategy: 'one_for_one',
      children: [child('a'), child('b'), child('c')],
    });
    await settle();
    const [a, b, c] = [pid('a'), pid('b'), pid('c')];

    const error = await crash('b');

    expect(pid('a')).toBe(a);
    expect(pid('c')).toBe(c);
    expect(pid('b')).not.toBe(b);
    expect(b.exitReason).toBe(error);
    expect(eventsOf('process-restart')).toEqual([
      {
        type: 'process-restart',
        at: 0,
        supervisor: root.id,
        supervisorName: undefined,
        child: 'b',
        pid: pid('b').id,
        previous: b.id,
        reason: error,
        attempt: 1,
        delayMs: 0,
      },
    ]);
  });

  it('one_for_all restarts every child, each with the failure that caused it', async () => {
    const { runtime, child, settle, crash, pid, eventsOf } = harness();
    startSupervisor(runtime, { strategy: 'one_for_all', children: [child('a'), child('b'), child('c')] });
    await settle();
    const before = [pid('a'), pid('b'), pid('c')];

    const error = await crash('b');

    const after = [pid('a'), pid('b'), pid('c')];
    for (const [index, old] of before.entries()) {
      expect(old.alive).toBe(false);
      expect(after[index]?.alive).toBe(true);
    }
    expect(before.map((old) => old.exitReason)).toEqual(['shutdown', error, 'shutdown']);
    expect(eventsOf('process-restart').map((event) => [event.child, event.previous, event.reason])).toEqual([
      ['a', before[0]?.id, error],
      ['b', before[1]?.id, error],
      ['c', before[2]?.id, error],
    ]);
  });

  it('rest_for_one restarts the child that failed and those started after it', async () => {
    const { runtime, log, child, settle, crash, pid } = harness();
    startSupervisor(runtime, { strategy: 'rest_for_one', children: [child('a'), child('b'), child('c')] });
    await settle();
    const a = pid('a');

    await crash('b', 'boom');
    expect(pid('a')).toBe(a);
    expect(log.slice(3)).toEqual(['stop b (error: boom)', 'stop c (shutdown)', 'start b', 'start c']);

    log.length = 0;
    await crash('c', 'again');
    expect(log).toEqual(['stop c (error: again)', 'start c']);

    log.length = 0;
    await crash('a', 'first');
    expect(log).toEqual([
      'stop a (error: first)',
      'stop c (shutdown)',
      'stop b (shutdown)',
      'start a',
      'start b',
      'start c',
    ]);
  });
});

describe('supervisor restart types', () => {
  it('restarts a permanent child whatever the reason, a normal end included', async () => {
    const { runtime, child, settle, end, pid, eventsOf } = harness();
    startSupervisor(runtime, { children: [child('a')] });
    await settle();
    const first = pid('a');

    await end('a', 'normal');
    const second = pid('a');
    expect(second).not.toBe(first);
    await end('a', 'shutdown');
    expect(pid('a')).not.toBe(second);
    expect(eventsOf('process-restart').map((event) => event.reason)).toEqual(['normal', 'shutdown']);
    expect(eventsOf('process-stop')).toEqual([]);
  });

  it('restarts a transient child after a crash, but not after it ends normally or with shutdown', async () => {
    const { runtime, child, settle, crash, end, pid, eventsOf } = harness();
    const root = startSupervisor(runtime, {
      children: [child('a', { restart: 'transient' }), child('b', { restart: 'transient' })],
    });
    await settle();
    const a = pid('a');
    const b = pid('b');

    const error = await crash('a');
    expect(pid('a')).not.toBe(a);
    expect(eventsOf('process-restart').map((event) => [event.child, event.reason])).toEqual([['a', error]]);

    const restartedA = pid('a');
    await end('a', 'normal');
    await end('b', 'shutdown');
    expect(runtime.whereis('a')).toBeUndefined();
    expect(runtime.whereis('b')).toBeUndefined();
    expect(eventsOf('process-restart')).toHaveLength(1);
    expect(eventsOf('process-stop')).toEqual([
      {
        type: 'process-stop',
        at: 0,
        supervisor: root.id,
        supervisorName: undefined,
        child: 'a',
        pid: restartedA.id,
        reason: 'normal',
      },
      {
        type: 'process-stop',
        at: 0,
        supervisor: root.id,
        supervisorName: undefined,
        child: 'b',
        pid: b.id,
        reason: 'shutdown',
      },
    ]);
    // Ended for good but still its child, listed as down.
    expect(await whichChildren(runtime, root)).toEqual([
      { id: 'a', pid: undefined, state: 'stopped', restart: 'transient', restarts: 1, supervisor: false },
      { id: 'b', pid: undefined, state: 'stopped', restart: 'transient', restarts: 0, supervisor: false },
    ]);
  });

  it('never restarts a temporary child and forgets it once it ends', async () => {
    const { runtime, child, settle, crash, end, pid, eventsOf } = harness();
    const root = startSupervisor(runtime, {
      children: [child('a', { restart: 'temporary' }), child('b', { restart: 'temporary' }), child('c')],
    });
    await settle();
    const a = pid('a');

    const error = await crash('a');
    await end('b', 'normal');

    expect(runtime.whereis('a')).toBeUndefined();
    expect(runtime.whereis('b')).toBeUndefined();
    expect(eventsOf('process-restart')).toEqual([]);
    expect(eventsOf('process-stop').map((event) => [event.child, event.reason])).toEqual([
      ['a', error],
      ['b', 'normal'],
    ]);
    expect(eventsOf('process-stop')[0]?.pid).toBe(a.id);
    expect((await whichChildren(runtime, root)).map((entry) => entry.id)).toEqual(['c']);
  });

  it('does not restart a temporary sibling stopped by a one_for_all restart, and forgets it', async () => {
    const { runtime, log, child, crash } = harness();
    const root = startSupervisor(runtime, {
      strategy: 'one_for_all',
      children: [child('a'), child('t', { restart: 'temporary' }), child('c')],
    });
    await crash('a', 'boom');

    expect(log.slice(3)).toEqual([
      'stop a (error: boom)',
      'stop c (shutdown)',
      'stop t (shutdown)',
      'start a',
      'start c',
    ]);
    expect((await whichChildren(runtime, root)).map((entry) => entry.id)).toEqual(['a', 'c']);
  });

  it("gives children without a restart type of their own the supervisor's", async () => {
    const { runtime, child, settle, end } = harness();
    const root = startSupervisor(runtime, {
      restart: 'transient',
      children: [child('a'), child('b', { restart: 'permanent' })],
    });
    await settle();
    await end('a', 'normal');
    await end('b', 'normal');

    expect(runtime.whereis('a')).toBeUndefined();
    expect(runtime.whereis('b')?.alive).toBe(true);
    expect((await whichChildren(runtime, root)).map((entry) => entry.restart)).toEqual([
      'transient',
      'permanent',
    ]);
  });
});

describe('supervisor seed vocabulary', () => {
  it("'restart' restarts only the failed child", async () => {
    const { runtime, child, settle, crash, pid } = harness();
    runtime.spawn(supervisor({ strategy: 'restart', children: [child('a'), child('b')] }));
    await settle();
    const a = pid('a');
    const b = pid('b');
    await crash('b');
    expect(pid('a')).toBe(a);
    expect(pid('b')).not.toBe(b);
  });

  it("'restart_all' restarts every child", async () => {
    const { runtime, child, settle, crash, pid } = harness();
    runtime.spawn(supervisor({ strategy: 'restart_all', children: [child('a'), child('b')] }));
    await settle();
    const a = pid('a');
    const b = pid('b');
    await crash('b');
    expect(pid('a')).not.toBe(a);
    expect(pid('b')).not.toBe(b);
    expect(a.exitReason).toBe('shutdown');
  });

  it("'stop' lets a failed child stay down and forgets it; its siblings keep running", async () => {
    const { runtime, child, settle, crash, pid, eventsOf } = harness();
    const root = runtime.spawn(supervisor({ strategy: 'stop', children: [child('a'), child('b')] }));
    await settle();
    const b = pid('b');
    await crash('a');
    expect(runtime.whereis('a')).toBeUndefined();
    expect(pid('b')).toBe(b);
    expect(root.alive).toBe(true);
    expect(eventsOf('process-restart')).toEqual([]);
    expect(eventsOf('process-stop').map((event) => event.child)).toEqual(['a']);
    expect((await whichChildren(runtime, root)).map((entry) => [entry.id, entry.restart])).toEqual([
      ['b', 'temporary'],
    ]);
  });

  it("'escalate' gives up at the first failure, with a generous intensity notwithstanding", async () => {
    const { runtime, child, settle, crash, eventsOf } = harness();
    const root = runtime.spawn(
      supervisor({ strategy: 'escalate', maxRestarts: 100, children: [child('a'), child('b')] }),
    );
    await settle();
    const error = await crash('a');

    expect(root.alive).toBe(false);
    expect(root.exitReason).toBeInstanceOf(SupervisorGaveUp);
    expect((root.exitReason as SupervisorGaveUp).escalated).toBe(true);
    expect((root.exitReason as SupervisorGaveUp).cause).toBe(error);
    expect(eventsOf('supervisor-give-up').map((event) => [event.child, event.escalated])).toEqual([
      ['a', true],
    ]);
    expect(runtime.whereis('b')).toBeUndefined();
  });

  it('marks what it builds as a supervisor', () => {
    expect(isSupervisor(supervisor({ children: [] }))).toBe(true);
    expect(isSupervisor({ init: () => undefined })).toBe(false);
  });
});

describe('supervisor callbacks and events', () => {
  it('calls onFailure then onRestart with the failure, old and new pids, attempt and delay', async () => {
    const { runtime, child, settle, crash, end, pid } = harness();
    const calls: (['failure', ChildFailure] | ['restart', ChildRestart])[] = [];
    startSupervisor(runtime, {
      children: [child('a')],
      onFailure: (failure) => calls.push(['failure', failure]),
      onRestart: (restart) => calls.push(['restart', restart]),
    });
    await settle();
    const first = pid('a');

    const error = await crash('a');
    const second = pid('a');
    await end('a', 'normal');
    const third = pid('a');

    expect(calls).toEqual([
      ['failure', { child: 'a', pid: first.id, reason: error }],
      ['restart', { child: 'a', pid: second.id, previous: first.id, reason: error, attempt: 1, delayMs: 0 }],
      // A normal end is no failure, but a permanent child is still restarted.
      [
        'restart',
        { child: 'a', pid: third.id, previous: second.id, reason: 'normal', attempt: 2, delayMs: 0 },
      ],
    ]);
  });

  it('calls onFailure for a temporary child too, and onGiveUp with the child, reason and restarts', async () => {
    const { runtime, child, settle, crash } = harness();
    const failures: ChildFailure[] = [];
    const giveUps: SupervisorGiveUp[] = [];
    startSupervisor(runtime, {
      maxRestarts: 1,
      children: [child('t', { restart: 'temporary' }), child('a')],
      onFailure: (failure) => failures.push(failure),
      onGiveUp: (giveUp) => giveUps.push(giveUp),
    });
    await settle();

    const temporaryError = await crash('t');
    await crash('a');
    const last = await crash('a');

    expect(failures.map((failure) => [failure.child, failure.reason])).toEqual([
      ['t', temporaryError],
      ['a', expect.any(Error)],
      ['a', last],
    ]);
    expect(giveUps).toEqual([{ child: 'a', reason: last, restarts: 1, escalated: false }]);
  });

  it('reports spawns, exits, restarts, stops and the give-up as runtime events, in order', async () => {
    const { runtime, child, settle, crash, pid, events } = harness();
    const root = startSupervisor(
      runtime,
      { maxRestarts: 1, children: [child('t', { restart: 'temporary' }), child('a')] },
      { name: 'root' },
    );
    await settle();
    const t = pid('t');
    const a1 = pid('a');
    const first = await crash('t');
    const second = await crash('a');
    const a2 = pid('a');
    const third = await crash('a');

    const shape = events.map((event) => {
      switch (event.type) {
        case 'process-spawn':
          return [event.type, event.pid, event.parent];
        case 'process-exit':
          return [event.type, event.pid, event.reason];
        case 'process-restart':
          return [event.type, event.supervisorName, event.child, event.pid, event.previous];
        case 'process-stop':
          return [event.type, event.supervisorName, event.child, event.pid, event.reason];
        case 'supervisor-give-up':
          return [
            event.type,
            event.supervisorName,
            event.child,
            event.reason,
            event.restarts,
            event.escalated,
          ];
        default:
          return [event.type];
      }
    });
    expect(shape).toEqual([
      ['process-spawn', root.id, undefined],
      ['process-spawn', t.id, root.id],
      ['process-spawn', a1.id, root.id],
      ['process-exit', t.id, first],
      ['process-stop', 'root', 't', t.id, first],
      ['process-exit', a1.id, second],
      ['process-spawn', a2.id, root.id],
      ['process-restart', 'root', 'a', a2.id, a1.id],
      ['process-exit', a2.id, third],
      ['supervisor-give-up', 'root', 'a', third, 1, false],
      ['process-exit', root.id, expect.any(SupervisorGaveUp)],
    ]);
  });
});
