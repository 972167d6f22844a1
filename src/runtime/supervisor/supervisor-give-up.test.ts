import { afterEach, describe, expect, it } from 'vitest';
import { VegaError } from '../../errors/vega-error.ts';
import { supervisor } from './supervisor.ts';
import { startSupervisor } from './supervisor-calls.ts';
import { SupervisorGaveUp } from './supervisor-gave-up.ts';
import { closeHarnesses, harness } from './supervisor-test-harness.ts';

afterEach(closeHarnesses);

describe('supervisor restart intensity', () => {
  it('gives up when a child fails more than maxRestarts times within the window', async () => {
    const { runtime, clock, log, child, settle, crash, eventsOf } = harness();
    const root = startSupervisor(
      runtime,
      { maxRestarts: 2, windowMs: 1_000, children: [child('a'), child('b')] },
      { name: 'root' },
    );
    await settle();
    await crash('a');
    await clock.tick(400);
    await crash('a');
    expect(root.alive).toBe(true);
    await clock.tick(400);
    const last = await crash('a', 'third strike');

    expect(eventsOf('process-restart')).toHaveLength(2);
    expect(eventsOf('supervisor-give-up')).toEqual([
      {
        type: 'supervisor-give-up',
        at: 800,
        supervisor: root.id,
        supervisorName: 'root',
        child: 'a',
        reason: last,
        restarts: 2,
        escalated: false,
      },
    ]);
    expect(log.slice(-2)).toEqual(['stop a (error: third strike)', 'stop b (shutdown)']);
    expect(runtime.processes()).toEqual([]);

    const reason = root.exitReason;
    expect(reason).toBeInstanceOf(SupervisorGaveUp);
    const gaveUp = reason as SupervisorGaveUp;
    expect(VegaError.isInstance(gaveUp)).toBe(true);
    expect(gaveUp.code).toBe('supervisor_gave_up');
    expect(gaveUp.cause).toBe(last);
    expect(gaveUp.childReason).toBe(last);
    expect(gaveUp.child).toBe('a');
    expect(gaveUp.escalated).toBe(false);
    expect(gaveUp.supervisor).toEqual({ id: root.id, name: 'root' });
    expect(gaveUp.message).toContain("child 'a' failed more than 2 times within 1000 ms");
  });

  it('keeps restarting when the failures are spread wider than the window', async () => {
    const { runtime, clock, child, settle, crash, eventsOf } = harness();
    const root = startSupervisor(runtime, { maxRestarts: 1, windowMs: 1_000, children: [child('a')] });
    await settle();
    for (let failure = 0; failure < 4; failure++) {
      await crash('a');
      await clock.tick(1_001);
    }
    expect(root.alive).toBe(true);
    expect(eventsOf('process-restart').map((event) => event.attempt)).toEqual([1, 2, 3, 4]);
    expect(eventsOf('supervisor-give-up')).toEqual([]);
  });

  it('gives up at the first failure with maxRestarts 0', async () => {
    const { runtime, child, crash, eventsOf } = harness();
    const root = startSupervisor(runtime, { maxRestarts: 0, children: [child('a')] });
    const error = await crash('a');
    expect(eventsOf('process-restart')).toEqual([]);
    expect((root.exitReason as SupervisorGaveUp).cause).toBe(error);
  });

  it('does not count exits that are not restarted: transient normal ends and temporary crashes', async () => {
    const { runtime, child, crash, end } = harness();
    const root = startSupervisor(runtime, {
      maxRestarts: 0,
      children: [child('t', { restart: 'temporary' }), child('n', { restart: 'transient' })],
    });
    await crash('t');
    await end('n', 'normal');
    expect(root.alive).toBe(true);
  });
});

describe('supervisor escalation', () => {
  it('passes a failure up two levels: each supervisor gives up in turn and the root restarts the subtree', async () => {
    const { runtime, log, child, settle, crash, pid, eventsOf } = harness();
    const leaf = supervisor({ maxRestarts: 0, children: [child('w')] });
    const middle = supervisor({
      maxRestarts: 0,
      children: [{ id: 'leaf', start: leaf, options: { name: 'leaf' } }, child('m')],
    });
    const root = startSupervisor(
      runtime,
      {
        maxRestarts: 1,
        children: [{ id: 'middle', start: middle, options: { name: 'middle' } }, child('r')],
      },
      { name: 'root' },
    );
    await settle();
    const before = { middle: pid('middle'), leaf: pid('leaf'), w: pid('w'), m: pid('m'), r: pid('r') };
    log.length = 0;

    const error = await crash('w', 'boom');

    expect(eventsOf('supervisor-give-up').map((event) => [event.supervisorName, event.child])).toEqual([
      ['leaf', 'w'],
      ['middle', 'leaf'],
    ]);
    const leafReason = before.leaf.exitReason as SupervisorGaveUp;
    const middleReason = before.middle.exitReason as SupervisorGaveUp;
    expect(leafReason).toBeInstanceOf(SupervisorGaveUp);
    expect(leafReason.cause).toBe(error);
    expect(middleReason).toBeInstanceOf(SupervisorGaveUp);
    expect(middleReason.child).toBe('leaf');
    expect(middleReason.cause).toBe(leafReason);

    expect(
      eventsOf('process-restart').map((event) => [event.supervisorName, event.child, event.reason]),
    ).toEqual([['root', 'middle', middleReason]]);
    // The new leaf's subtree is up before middle starts m, as with OTP's start_link.
    expect(log).toEqual(['stop w (error: boom)', 'stop m (shutdown)', 'start w', 'start m']);
    for (const name of ['middle', 'leaf', 'w', 'm'] as const) {
      expect(pid(name)).not.toBe(before[name]);
      expect(pid(name).alive).toBe(true);
    }
    expect(pid('r')).toBe(before.r);
    expect(root.alive).toBe(true);
  });

  it('ends the root with a chain of give-ups down to the first crash when no level can absorb it', async () => {
    const { runtime, child, settle, crash, pid } = harness();
    const leaf = supervisor({ maxRestarts: 0, children: [child('w')] });
    const middle = supervisor({ maxRestarts: 0, children: [{ id: 'leaf', start: leaf }] });
    const root = startSupervisor(runtime, {
      maxRestarts: 0,
      children: [{ id: 'middle', start: middle }, child('r')],
    });
    await settle();
    const r = pid('r');

    const error = await crash('w');

    const rootReason = root.exitReason as SupervisorGaveUp;
    expect(rootReason).toBeInstanceOf(SupervisorGaveUp);
    expect(rootReason.child).toBe('middle');
    const middleReason = rootReason.cause as SupervisorGaveUp;
    expect(middleReason.child).toBe('leaf');
    const leafReason = middleReason.cause as SupervisorGaveUp;
    expect(leafReason.child).toBe('w');
    expect(leafReason.cause).toBe(error);
    expect(r.exitReason).toBe('shutdown');
    expect(runtime.processes()).toEqual([]);
  });

  it('gives up at once when a child with escalate: true fails, however generous the intensity', async () => {
    const { runtime, child, settle, crash, eventsOf } = harness();
    const root = startSupervisor(runtime, {
      maxRestarts: 10,
      children: [child('plain'), child('loud', { escalate: true })],
    });
    await settle();
    await crash('plain');
    expect(root.alive).toBe(true);

    const error = await crash('loud', 'escalated failure');

    expect(
      eventsOf('supervisor-give-up').map((event) => [event.child, event.restarts, event.escalated]),
    ).toEqual([['loud', 1, true]]);
    const reason = root.exitReason as SupervisorGaveUp;
    expect(reason.escalated).toBe(true);
    expect(reason.cause).toBe(error);
    expect(reason.message).toContain("child 'loud' failed and escalates");
    expect(runtime.whereis('plain')).toBeUndefined();
  });

  it('restarts an escalating child that ends normally: only failures escalate', async () => {
    const { runtime, child, settle, end, pid, eventsOf } = harness();
    const root = startSupervisor(runtime, { children: [child('loud', { escalate: true })] });
    await settle();
    const first = pid('loud');
    await end('loud', 'normal');
    expect(root.alive).toBe(true);
    expect(pid('loud')).not.toBe(first);
    expect(eventsOf('supervisor-give-up')).toEqual([]);
  });

  it("gives up at the first failure with strategy 'escalate', and the parent restarts it", async () => {
    const { runtime, child, settle, crash, pid, eventsOf } = harness();
    const team = supervisor({ strategy: 'escalate', children: [child('w')] });
    const root = startSupervisor(runtime, {
      children: [{ id: 'team', start: team, options: { name: 'team' } }],
    });
    await settle();
    const oldTeam = pid('team');

    const error = await crash('w');

    expect((oldTeam.exitReason as SupervisorGaveUp).escalated).toBe(true);
    expect((oldTeam.exitReason as SupervisorGaveUp).cause).toBe(error);
    expect(eventsOf('supervisor-give-up').map((event) => [event.supervisorName, event.escalated])).toEqual([
      ['team', true],
    ]);
    expect(eventsOf('process-restart').map((event) => event.child)).toEqual(['team']);
    expect(pid('team')).not.toBe(oldTeam);
    expect(pid('w').alive).toBe(true);
    expect(root.alive).toBe(true);
  });

  it('escalates with the OTP spelling escalate: true on the supervisor', async () => {
    const { runtime, child, crash } = harness();
    const root = startSupervisor(runtime, { escalate: true, maxRestarts: 10, children: [child('w')] });
    await crash('w');
    expect((root.exitReason as SupervisorGaveUp).escalated).toBe(true);
  });
});
