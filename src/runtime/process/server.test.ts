import { describe, expect, it } from 'vitest';
import { expectNoLeaks } from '../../../test/support/expect-no-leaks.ts';
import { idle, setup } from '../../../test/support/process-fixtures.ts';
import { ProcessExited } from '../../errors/process-errors.ts';
import { VegaError } from '../../errors/vega-error.ts';
import type { ProcessErrorEvent, RuntimeEvent } from '../runtime-event.ts';
import type { Server } from './behaviour.ts';
import type { ExitReason } from './exit-reason.ts';
import { DownMessage, ExitMessage, type SystemMessage } from './system-messages.ts';

const counter = (): Server<{ count: number }, number, 'get', number> => ({
  init: () => ({ count: 0 }),
  handle: (state, amount) => {
    state.count += amount;
  },
  reply: (state) => state.count,
});

describe('servers', () => {
  it('build state in init, change it in handle and answer calls from reply', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn(counter());
    await runtime.send(pid, 2);
    await runtime.send(pid, 3);
    expect(await runtime.call(pid, 'get')).toBe(5);
    await runtime.send(pid, 10);
    expect(await runtime.call(pid, 'get')).toBe(15);
    await expectNoLeaks(runtime, clock);
  });

  it('hold messages back until an async init is done', async () => {
    const { clock, runtime } = setup();
    const ready = Promise.withResolvers<{ log: string[] }>();
    const handled: string[] = [];
    const server: Server<{ log: string[] }, string, string, string> = {
      init: () => ready.promise,
      handle: (state, message) => {
        state.log.push(message);
        handled.push(message);
      },
      reply: (state) => state.log.join(','),
    };
    const pid = runtime.spawn(server);
    await runtime.send(pid, 'early');
    await clock.tick(0);
    expect(handled).toEqual([]);
    ready.resolve({ log: ['from init'] });
    expect(await runtime.call(pid, 'log')).toBe('from init,early');
    await expectNoLeaks(runtime, clock);
  });

  it('hold the next message back while an async handle is pending', async () => {
    const { clock, runtime } = setup();
    const gates = [Promise.withResolvers<void>(), Promise.withResolvers<void>()];
    const events: string[] = [];
    const pid = runtime.spawn<number>({
      init: () => undefined,
      handle: async (_state, message) => {
        events.push(`start ${message}`);
        await gates[message]?.promise;
        events.push(`end ${message}`);
      },
    });
    await runtime.send(pid, 0);
    await runtime.send(pid, 1);
    await clock.tick(0);
    expect(events).toEqual(['start 0']);
    gates[0]?.resolve();
    await clock.tick(0);
    expect(events).toEqual(['start 0', 'end 0', 'start 1']);
    gates[1]?.resolve();
    await clock.tick(0);
    expect(events).toEqual(['start 0', 'end 0', 'start 1', 'end 1']);
    await expectNoLeaks(runtime, clock);
  });

  it('answer with what an async reply resolves to, one call at a time', async () => {
    const { clock, runtime } = setup();
    const gate = Promise.withResolvers<void>();
    let active = 0;
    let mostActive = 0;
    const pid = runtime.spawn({
      init: () => undefined,
      reply: async (_state, request: number) => {
        active++;
        mostActive = Math.max(mostActive, active);
        await gate.promise;
        active--;
        return request * 2;
      },
    });
    const answers = Promise.all([runtime.call(pid, 1), runtime.call(pid, 2)]);
    await clock.tick(0);
    gate.resolve();
    expect(await answers).toEqual([2, 4]);
    expect(mostActive).toBe(1);
    await expectNoLeaks(runtime, clock);
  });

  it('crash with the error a handler throws, failing calls still queued with ProcessExited', async () => {
    const { clock, runtime } = setup();
    const crash = new Error('bad message');
    const pid = runtime.spawn<string>({
      init: () => undefined,
      handle: () => {
        throw crash;
      },
      reply: () => 'never answered',
    });
    const crashing = runtime.send(pid, 'boom');
    const calls = [runtime.call(pid, 'first'), runtime.call(pid, 'second')];
    await crashing;
    const errors = await Promise.all(calls.map((call) => call.catch((error: unknown) => error)));
    expect(pid.exitReason).toBe(crash);
    for (const error of errors) {
      expect(error).toBeInstanceOf(ProcessExited);
      expect((error as ProcessExited).reason).toBe(crash);
      expect((error as ProcessExited).process).toBe(pid);
    }
    expect(runtime.stats().pendingCalls).toBe(0);
    await expectNoLeaks(runtime, clock);
  });

  it('crash with the error an async handler rejects with, and fail a call waiting behind it', async () => {
    const { clock, runtime } = setup();
    const crash = new Error('async failure');
    const gate = Promise.withResolvers<void>();
    const pid = runtime.spawn<string>({
      init: () => undefined,
      handle: async () => {
        await gate.promise;
        throw crash;
      },
      reply: () => 'never answered',
    });
    await runtime.send(pid, 'boom');
    const call = runtime.call(pid, 'waiting').catch((error: unknown) => error);
    await clock.tick(0);
    gate.resolve();
    const error = await call;
    expect(error).toBeInstanceOf(ProcessExited);
    expect((error as ProcessExited).reason).toBe(crash);
    expect(pid.exitReason).toBe(crash);
    await expectNoLeaks(runtime, clock);
  });

  it('crash when reply throws, and the caller gets ProcessExited', async () => {
    const { clock, runtime } = setup();
    const crash = new Error('cannot answer');
    const pid = runtime.spawn({
      init: () => undefined,
      reply: () => {
        throw crash;
      },
    });
    const error = await runtime.call(pid, 'question').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ProcessExited);
    expect((error as ProcessExited).reason).toBe(crash);
    await expectNoLeaks(runtime, clock);
  });

  it('end with the error init throws or rejects with', async () => {
    const { clock, runtime } = setup();
    const syncCrash = new Error('sync init');
    const asyncCrash = new Error('async init');
    const sync = runtime.spawn({
      init: () => {
        throw syncCrash;
      },
    });
    const async = runtime.spawn({
      init: async () => {
        throw asyncCrash;
      },
    });
    expect(await runtime.whenExited(sync)).toBe(syncCrash);
    expect(await runtime.whenExited(async)).toBe(asyncCrash);
    await expectNoLeaks(runtime, clock);
  });

  it('refuse calls without a reply handler and keep running', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn({ init: () => undefined, handle: () => {} });
    const error = await runtime.call(pid, 'question').catch((thrown: unknown) => thrown);
    expect(VegaError.isInstance(error) && error.code).toBe('no_reply_handler');
    expect(pid.alive).toBe(true);
    await expectNoLeaks(runtime, clock);
  });

  it('crash on a message when they have no handle handler', async () => {
    const { clock, runtime } = setup();
    const pid = runtime.spawn({ init: () => undefined, reply: () => 'ok' });
    await runtime.send(pid, 'unexpected');
    const reason = await runtime.whenExited(pid);
    expect(VegaError.isInstance(reason) && reason.code).toBe('unexpected_message');
    await expectNoLeaks(runtime, clock);
  });

  it('stop handling messages once a handler ends the server', async () => {
    const { clock, runtime } = setup();
    const handled: string[] = [];
    const pid = runtime.spawn<string>({
      init: () => undefined,
      handle: (_state, message, self) => {
        handled.push(message);
        if (message === 'stop') self.exit('normal');
      },
    });
    for (const message of ['a', 'stop', 'b']) await runtime.send(pid, message);
    expect(await runtime.whenExited(pid)).toBe('normal');
    expect(handled).toEqual(['a', 'stop']);
    await expectNoLeaks(runtime, clock);
  });

  it('handle thousands of queued messages, in order, yielding between turns', async () => {
    const { clock, runtime } = setup();
    const handled: number[] = [];
    const pid = runtime.spawn<number>(
      {
        init: () => undefined,
        handle: (_state, message) => {
          handled.push(message);
        },
      },
      { mailbox: { capacity: 5_000 } },
    );
    const total = 2_500;
    for (let index = 0; index < total; index++) expect(runtime.trySend(pid, index)).toBe(true);
    // Queued before the server first runs, so it fires after the first turn and before the next.
    const afterFirstTurn = new Promise<number>((resolve) => setImmediate(() => resolve(handled.length)));
    expect(await afterFirstTurn).toBe(1_000);
    await clock.tick(0);
    expect(handled).toEqual(Array.from({ length: total }, (_, index) => index));
    await expectNoLeaks(runtime, clock);
  });
});

describe('server info', () => {
  it('gets down messages and, when trapping exits, exit messages', async () => {
    const { clock, runtime } = setup();
    const watched = runtime.spawn(idle);
    const linked = runtime.spawn(idle);
    const infos: SystemMessage[] = [];
    const pid = runtime.spawn(
      {
        init: (self) => {
          self.monitor(watched);
          self.link(linked);
          return undefined;
        },
        info: (_state, message) => {
          infos.push(message);
        },
      },
      { trapExits: true },
    );
    await clock.tick(0);
    runtime.exit(watched, 'shutdown');
    const crash = new Error('linked crashed');
    runtime.exit(linked, crash);
    await clock.tick(0);
    expect(pid.alive).toBe(true);
    expect(infos).toHaveLength(2);
    expect(infos[0]).toBeInstanceOf(DownMessage);
    expect(infos[0]).toMatchObject({ pid: watched, reason: 'shutdown' });
    expect(infos[1]).toEqual(new ExitMessage(linked, crash));
    // info also gets the runtime's shutdown signal; with no way to end, the server is killed after the timeout.
    const shutdown = runtime.shutdown({ timeoutMs: 1_000 });
    await clock.tick(1_000);
    await shutdown;
    expect(infos.at(-1)).toEqual(new ExitMessage(undefined, 'shutdown'));
    expect(pid.exitReason).toBe('killed');
    await expectNoLeaks(runtime, clock);
  });

  it('when missing, lets a trapping server end on an abnormal exit signal', async () => {
    const { clock, runtime } = setup();
    const linked = runtime.spawn(idle);
    const pid = runtime.spawn(
      {
        init: (self) => {
          self.link(linked);
          return undefined;
        },
      },
      { trapExits: true },
    );
    await clock.tick(0);
    const crash = new Error('linked crashed');
    runtime.exit(linked, crash);
    expect(await runtime.whenExited(pid)).toBe(crash);
    await expectNoLeaks(runtime, clock);
  });

  it('when missing, lets a trapping server outlive a linked process that ends normally', async () => {
    const { clock, runtime } = setup();
    const linked = runtime.spawn(async (self) => {
      await self.receive();
    });
    const pid = runtime.spawn(
      {
        init: (self) => {
          self.link(linked);
          return { count: 0 };
        },
        reply: (state: { count: number }) => state.count,
      },
      { trapExits: true },
    );
    await clock.tick(0);
    await runtime.send(linked, 'finish');
    await runtime.whenExited(linked);
    await clock.tick(0);
    expect(pid.alive).toBe(true);
    expect(await runtime.call(pid, 'count')).toBe(0);
    // With no info handler, the parent's (here the runtime's) shutdown signal ends it.
    expect(await runtime.stop(pid)).toBe('shutdown');
    await expectNoLeaks(runtime, clock);
  });
});

describe('server terminate', () => {
  function recordingServer(calls: { state: unknown; reason: ExitReason }[]): Server<{ id: string }, string> {
    return {
      init: () => ({ id: 'state' }),
      handle: (_state, message, self) => {
        if (message === 'crash') throw new Error('crash');
        if (message === 'finish') self.exit();
      },
      terminate: (state, reason) => {
        calls.push({ state, reason });
      },
    };
  }

  it('runs on shutdown with the state and `shutdown`', async () => {
    const { clock, runtime } = setup();
    const calls: { state: unknown; reason: ExitReason }[] = [];
    runtime.spawn(recordingServer(calls));
    await clock.tick(0);
    await runtime.shutdown();
    expect(calls).toEqual([{ state: { id: 'state' }, reason: 'shutdown' }]);
    await expectNoLeaks(runtime, clock);
  });

  it('runs after a crash with the error, and after a normal end', async () => {
    const { clock, runtime } = setup();
    const calls: { state: unknown; reason: ExitReason }[] = [];
    const crashing = runtime.spawn(recordingServer(calls));
    const finishing = runtime.spawn(recordingServer(calls));
    await runtime.send(crashing, 'crash');
    await runtime.send(finishing, 'finish');
    await runtime.whenExited(crashing);
    await runtime.whenExited(finishing);
    expect(calls.map((call) => call.reason)).toEqual([new Error('crash'), 'normal']);
    await expectNoLeaks(runtime, clock);
  });

  it('does not run on kill, nor on a kill after the stop timeout', async () => {
    const { clock, runtime } = setup();
    const calls: { state: unknown; reason: ExitReason }[] = [];
    const killed = runtime.spawn(recordingServer(calls));
    const stubborn = runtime.spawn({ ...recordingServer(calls), info: () => {} }, { trapExits: true });
    await clock.tick(0);
    runtime.kill(killed);
    const stopped = runtime.stop(stubborn, { timeoutMs: 100 });
    await clock.tick(100);
    expect(await stopped).toBe('killed');
    expect(killed.exitReason).toBe('killed');
    expect(calls).toEqual([]);
    await expectNoLeaks(runtime, clock);
  });

  it('does not run when init failed, or was still pending when the server ended', async () => {
    const { clock, runtime } = setup();
    const reasons: ExitReason[] = [];
    const terminate = (_state: unknown, reason: ExitReason) => {
      reasons.push(reason);
    };
    const failed = runtime.spawn({
      init: () => {
        throw new Error('init failed');
      },
      terminate,
    });
    const pending = Promise.withResolvers<{ ready: true }>();
    const starting = runtime.spawn({ init: () => pending.promise, terminate });
    await runtime.whenExited(failed);
    await clock.tick(0);
    expect(await runtime.stop(starting)).toBe('shutdown');
    pending.resolve({ ready: true });
    await clock.tick(0);
    expect(reasons).toEqual([]);
    await expectNoLeaks(runtime, clock);
  });

  it('reports a throw or a rejection as a process-error event, without changing the exit reason', async () => {
    const { clock, runtime } = setup();
    const errors: ProcessErrorEvent[] = [];
    runtime.on((event: RuntimeEvent) => {
      if (event.type === 'process-error') errors.push(event);
    });
    const syncFailure = new Error('terminate threw');
    const asyncFailure = new Error('terminate rejected');
    const throwing = runtime.spawn({
      init: () => undefined,
      terminate: () => {
        throw syncFailure;
      },
    });
    const rejecting = runtime.spawn({
      init: () => undefined,
      terminate: async () => {
        throw asyncFailure;
      },
    });
    await clock.tick(0);
    runtime.exit(throwing, 'shutdown');
    runtime.exit(rejecting, 'shutdown');
    await clock.tick(0);
    expect(throwing.exitReason).toBe('shutdown');
    expect(rejecting.exitReason).toBe('shutdown');
    expect(errors).toEqual([
      { type: 'process-error', at: 0, pid: throwing.id, error: syncFailure, during: 'terminate' },
      { type: 'process-error', at: 0, pid: rejecting.id, error: asyncFailure, during: 'terminate' },
    ]);
    await expectNoLeaks(runtime, clock);
  });
});
