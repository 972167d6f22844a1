import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { expectNoLeaks } from '../../../test/support/expect-no-leaks.ts';
import type { Agent } from '../../agent/define-agent.ts';
import { defineAgent } from '../../agent/define-agent.ts';
import { type AnyTool, tool } from '../../agent/tool.ts';
import { AgentCrash } from '../../errors/agent-crash.ts';
import { ModelCallError } from '../../errors/model-call-error.ts';
import { NoSuchProcess, ProcessExited } from '../../errors/process-errors.ts';
import { type ScriptEntry, type ScriptedModel, scriptedModel } from '../../model/scripted/index.ts';
import type { ModelMessage } from '../../spec/model.ts';
import { type ManualClock, manualClock } from '../../testing/manual-clock.ts';
import type { Pid } from '../process/pid.ts';
import { createProcessRuntime, type ProcessRuntime } from '../process/process-runtime.ts';
import type { RuntimeEvent } from '../runtime-event.ts';
import { startSupervisor, whichChildren } from '../supervisor/supervisor-calls.ts';
import { type AgentProcessOptions, agentProcess } from './agent-process.ts';
import { AgentUnhealthy } from './agent-unhealthy.ts';
import { askAgent } from './ask-agent.ts';

const SYSTEM = 'You write short answers.';
const NAME = 'writer';

type EventOf<Type extends RuntimeEvent['type']> = Extract<RuntimeEvent, { type: Type }>;

interface Setup {
  readonly clock: ManualClock;
  readonly runtime: ProcessRuntime;
  readonly model: ScriptedModel;
  readonly events: RuntimeEvent[];
  readonly root: Pid;
  eventsOf<Type extends RuntimeEvent['type']>(type: Type): EventOf<Type>[];
  /** The live agent process; fails the test when there is none. */
  pid(): Pid;
  /** Asks the agent, waiting as long as it takes. */
  ask(input: string): ReturnType<typeof askAgent>;
  /** Asks the agent, expecting its process to end instead of replying; returns the `ProcessExited`. */
  askExpectingExit(input: string): Promise<ProcessExited>;
}

const runtimes: { runtime: ProcessRuntime; clock: ManualClock }[] = [];

afterEach(async () => {
  for (const { runtime, clock } of runtimes.splice(0)) await expectNoLeaks(runtime, clock);
});

/**
 * One agent named `writer` on a scripted model, as the only child of a one_for_one supervisor that
 * restarts it at once (no backoff), up to 10 times a minute, on a manual clock.
 */
async function setup(
  script: readonly ScriptEntry[],
  options: AgentProcessOptions & { readonly tools?: readonly AnyTool[] } = {},
): Promise<Setup> {
  const clock = manualClock();
  const runtime = createProcessRuntime({ clock });
  runtimes.push({ runtime, clock });
  const events: RuntimeEvent[] = [];
  runtime.on((event) => events.push(event));
  const model = scriptedModel(script);
  const { tools, ...processOptions } = options;
  const agent: Agent = defineAgent({
    name: NAME,
    model,
    system: SYSTEM,
    ...(tools === undefined ? {} : { tools }),
  });
  const root = startSupervisor(runtime, {
    strategy: 'one_for_one',
    maxRestarts: 10,
    windowMs: 60_000,
    children: [{ id: NAME, start: agentProcess(agent, processOptions), options: { name: NAME } }],
  });
  // Let the supervisor start its child.
  await clock.tick(0);
  const pid = (): Pid => {
    const found = runtime.whereis(NAME);
    expect(found, `a live '${NAME}' process`).toBeDefined();
    return found as Pid;
  };
  return {
    clock,
    runtime,
    model,
    events,
    root,
    eventsOf: <Type extends RuntimeEvent['type']>(type: Type) =>
      events.filter((event): event is EventOf<Type> => event.type === type),
    pid,
    ask: (input) => askAgent(runtime, NAME, input),
    async askExpectingExit(input) {
      const error = await askAgent(runtime, NAME, input).then(
        () => expect.fail('the call resolved; expected the process to end'),
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(ProcessExited);
      // Let the supervisor handle the exit (and restart the agent) before the test goes on.
      await clock.tick(0);
      return error as ProcessExited;
    },
  };
}

const user = (text: string): ModelMessage => ({ role: 'user', content: [{ type: 'text', text }] });
const assistant = (text: string): ModelMessage => ({ role: 'assistant', content: [{ type: 'text', text }] });
const system: ModelMessage = { role: 'system', content: SYSTEM };

/** The prompt of the model's nth call (0-based), as it was sent. */
const promptOf = (model: ScriptedModel, index: number) => model.calls[index]?.options.prompt;

const OVERLOADED: ScriptEntry = { error: { status: 529, message: 'Overloaded' } };

/** A controllable promise: a tool awaits it, the test settles it. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Resolves when `promise` does, or rejects with the signal's reason when it aborts first. */
function untilAborted(promise: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

describe('agentProcess under a supervisor', () => {
  it('answers a call with the AgentResult of the run', async () => {
    const { ask, model } = await setup([
      { text: 'Tides come from the Moon.', usage: { input: 12, output: 6 } },
    ]);

    const result = await ask('Why are there tides?');

    expect(result.text).toBe('Tides come from the Moon.');
    expect(result.output).toBe('Tides come from the Moon.');
    expect(result.turns).toBe(1);
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toMatchObject({ inputTokens: 12, outputTokens: 6 });
    expect(result.messages).toEqual([
      system,
      user('Why are there tides?'),
      assistant('Tides come from the Moon.'),
    ]);
    expect(model.calls).toHaveLength(1);
  });

  it('continues the conversation across calls: the second request carries the first exchange', async () => {
    const { ask, model, pid } = await setup([{ text: 'Blue.' }, { text: 'Because of Rayleigh scattering.' }]);
    const first = pid();

    await ask('What colour is the sky?');
    const second = await ask('Why?');

    expect(promptOf(model, 1)).toEqual([
      system,
      user('What colour is the sky?'),
      assistant('Blue.'),
      user('Why?'),
    ]);
    expect(second.messages).toEqual([
      ...(promptOf(model, 1) ?? []),
      assistant('Because of Rayleigh scattering.'),
    ]);
    expect(pid()).toBe(first);
  });

  it("starts every request from an empty conversation with history: 'none'", async () => {
    const { ask, model } = await setup([{ text: 'Blue.' }, { text: 'Green.' }], { history: 'none' });

    await ask('What colour is the sky?');
    await ask('What colour is grass?');

    expect(promptOf(model, 1)).toEqual([system, user('What colour is grass?')]);
  });

  it.each([
    {
      memory: undefined,
      expected: [system, user('Third question.')],
      why: 'fresh (the default): a restarted process starts an empty conversation',
    },
    {
      memory: 'persistent' as const,
      expected: [system, user('First question.'), assistant('First answer.'), user('Third question.')],
      why: 'persistent: it continues from the last request that completed',
    },
  ])('after a crash and restart, memory is $why', async ({ memory, expected }) => {
    const { ask, askExpectingExit, model, pid, eventsOf } = await setup(
      [{ text: 'First answer.' }, OVERLOADED, { text: 'Third answer.' }],
      memory === undefined ? {} : { memory },
    );
    const before = pid();

    await ask('First question.');
    const exited = await askExpectingExit('Second question.');
    // The failed request was sent with the conversation so far.
    expect(promptOf(model, 1)).toEqual([
      system,
      user('First question.'),
      assistant('First answer.'),
      user('Second question.'),
    ]);
    expect(exited.process.id).toBe(before.id);
    expect(exited.reason).toBeInstanceOf(ModelCallError);
    expect((exited.reason as ModelCallError).kind).toBe('overloaded');
    expect(exited.cause).toBe(exited.reason);

    const after = pid();
    expect(after).not.toBe(before);
    expect(eventsOf('process-restart')).toEqual([
      expect.objectContaining({
        child: NAME,
        previous: before.id,
        pid: after.id,
        attempt: 1,
        reason: exited.reason,
      }),
    ]);

    const third = await ask('Third question.');
    expect(third.text).toBe('Third answer.');
    expect(promptOf(model, 2)).toEqual(expected);
  });

  it('crashes its process when a tool throws AgentCrash: the call rejects with ProcessExited whose reason is the AgentCrash', async () => {
    const crash = new AgentCrash('The workspace lock is gone; refusing to write.');
    const guard = tool({
      name: 'save_draft',
      description: 'Saves the draft',
      input: z.object({}),
      execute: () => {
        throw crash;
      },
    });
    const { askExpectingExit, model, pid, eventsOf, runtime } = await setup(
      [{ toolCalls: [{ name: 'save_draft', input: {} }] }, { text: 'never sent' }],
      { tools: [guard] },
    );
    const before = pid();
    const ended = runtime.whenExited(before);

    const exited = await askExpectingExit('Save the draft.');

    expect(exited.reason).toBe(crash);
    expect(await ended).toBe(crash);
    // The model never heard about it: a crash is not a tool error.
    expect(model.calls).toHaveLength(1);
    expect(eventsOf('process-restart')).toEqual([expect.objectContaining({ child: NAME, reason: crash })]);
    expect(pid()).not.toBe(before);
  });

  it('reports a plain Error thrown by a tool to the model as a tool error, and keeps the process', async () => {
    const flaky = tool({
      name: 'save_draft',
      description: 'Saves the draft',
      input: z.object({}),
      execute: () => {
        throw new Error('disk full');
      },
    });
    const { ask, model, pid, eventsOf } = await setup(
      [
        { toolCalls: [{ name: 'save_draft', input: {}, id: 'call_save' }] },
        { text: 'I could not save it: the disk is full.' },
      ],
      { tools: [flaky] },
    );
    const before = pid();

    const result = await ask('Save the draft.');

    expect(result.text).toBe('I could not save it: the disk is full.');
    expect(result.toolCalls).toEqual([
      expect.objectContaining({
        toolName: 'save_draft',
        isError: true,
        output: "Tool 'save_draft' failed: disk full",
      }),
    ]);
    expect(promptOf(model, 1)?.at(-1)).toEqual({
      role: 'tool',
      content: [
        {
          type: 'tool-result',
          toolCallId: 'call_save',
          toolName: 'save_draft',
          output: { type: 'error-text', value: "Tool 'save_draft' failed: disk full" },
        },
      ],
    });
    expect(pid()).toBe(before);
    expect(eventsOf('process-exit')).toEqual([]);
  });
});

describe('askAgent', () => {
  it('rejects, rather than throwing, when no process has the name', async () => {
    const { runtime } = await setup([]);

    const asked = askAgent(runtime, 'nobody', 'Hello?');

    await expect(asked).rejects.toBeInstanceOf(NoSuchProcess);
  });
});

describe('agentProcess health monitor', () => {
  const step = tool({
    name: 'step',
    description: 'Does one step of the work',
    input: z.object({}),
    execute: () => 'ok',
  });
  const stepCall: ScriptEntry = { toolCalls: [{ name: 'step', input: {} }] };

  it("flags more turns than maxIterations as 'iteration-limit', once, and still replies", async () => {
    const { ask, eventsOf, pid } = await setup(
      [stepCall, stepCall, stepCall, { text: 'Done in four turns.' }],
      {
        tools: [step],
        health: { maxIterations: 2 },
      },
    );

    const result = await ask('Do the work.');

    expect(result.text).toBe('Done in four turns.');
    expect(result.turns).toBe(4);
    expect(eventsOf('agent-health')).toEqual([
      {
        type: 'agent-health',
        at: 0,
        pid: pid().id,
        agent: NAME,
        problem: 'iteration-limit',
        detail: 'more than 2 turns',
      },
    ]);
  });

  it('counts turns over every request of one incarnation of the process', async () => {
    const { ask, eventsOf } = await setup([{ text: 'One.' }, { text: 'Two.' }, { text: 'Three.' }], {
      health: { maxIterations: 2 },
    });

    await ask('1');
    await ask('2');
    expect(eventsOf('agent-health')).toEqual([]);
    await ask('3');
    expect(eventsOf('agent-health').map((event) => event.problem)).toEqual(['iteration-limit']);
  });

  it("with action 'kill', ends the process with AgentUnhealthy when it passes maxIterations", async () => {
    const { askExpectingExit, eventsOf, model } = await setup(
      [stepCall, stepCall, stepCall, { text: 'never sent' }],
      {
        tools: [step],
        health: { maxIterations: 2, action: 'kill' },
      },
    );

    const exited = await askExpectingExit('Do the work.');

    expect(exited.reason).toBeInstanceOf(AgentUnhealthy);
    expect(exited.reason).toMatchObject({ agent: NAME, problem: 'iteration-limit', code: 'agent_unhealthy' });
    // Killed at the end of its third turn: no fourth model call.
    expect(model.calls).toHaveLength(3);
    expect(eventsOf('process-restart')).toEqual([
      expect.objectContaining({ child: NAME, reason: exited.reason }),
    ]);
  });

  it("flags the same error errorRepeats times in a row, across restarts, as 'error-loop'", async () => {
    const { askExpectingExit, eventsOf, pid } = await setup([{ ...OVERLOADED, times: 3 }], {
      health: { errorRepeats: 3 },
    });
    const pids: number[] = [];

    for (let attempt = 1; attempt <= 2; attempt++) {
      pids.push(pid().id);
      await askExpectingExit(`attempt ${attempt}`);
    }
    expect(eventsOf('agent-health')).toEqual([]);
    pids.push(pid().id);
    const third = await askExpectingExit('attempt 3');

    expect(new Set(pids).size).toBe(3);
    expect(eventsOf('agent-health')).toEqual([
      expect.objectContaining({
        pid: pids[2],
        agent: NAME,
        problem: 'error-loop',
        detail: `the same error 3 times in a row: ${(third.reason as Error).message}`,
      }),
    ]);
    // Flagging only: the third failure still ends the process with its own error.
    expect(third.reason).toBeInstanceOf(ModelCallError);
  });

  it('starts counting again after a different error or a success', async () => {
    const { ask, askExpectingExit, eventsOf } = await setup(
      [
        OVERLOADED,
        OVERLOADED,
        { text: 'Recovered.' },
        OVERLOADED,
        { error: { status: 500, message: 'Internal error' } },
        OVERLOADED,
      ],
      { health: { errorRepeats: 2 } },
    );

    await askExpectingExit('a');
    await askExpectingExit('b');
    expect(eventsOf('agent-health')).toHaveLength(1);
    await ask('c');
    await askExpectingExit('d');
    await askExpectingExit('e');
    await askExpectingExit('f');

    expect(eventsOf('agent-health')).toHaveLength(1);
  });

  it("with action 'kill', ends the process with AgentUnhealthy on an error loop", async () => {
    const { askExpectingExit } = await setup([{ ...OVERLOADED, times: 2 }], {
      health: { errorRepeats: 2, action: 'kill' },
    });

    const first = await askExpectingExit('a');
    const second = await askExpectingExit('b');

    expect(first.reason).toBeInstanceOf(ModelCallError);
    expect(second.reason).toBeInstanceOf(AgentUnhealthy);
    expect(second.reason).toMatchObject({ problem: 'error-loop' });
  });

  describe('stallMs', () => {
    const STALL_MS = 30_000;

    /** A tool that waits for `page`, or for its signal, writing what happens to `log`. */
    function slowTool(page: { promise: Promise<void> }, log: string[]) {
      return tool({
        name: 'fetch_page',
        description: 'Fetches a page',
        input: z.object({}),
        execute: async (_input, { signal }) => {
          log.push('start');
          try {
            await untilAborted(page.promise, signal);
          } catch (error) {
            log.push('aborted');
            throw error;
          }
          log.push('done');
          return 'the page';
        },
      });
    }

    it("flags a request during which no turn ends for stallMs as 'stalled', and keeps waiting for it", async () => {
      const page = gate();
      const log: string[] = [];
      const { ask, clock, eventsOf, pid } = await setup(
        [{ toolCalls: [{ name: 'fetch_page', input: {} }] }, { text: 'Read it.' }],
        { tools: [slowTool(page, log)], health: { stallMs: STALL_MS } },
      );
      const agentPid = pid();

      const answer = ask('Read the page.');
      await clock.tick(0);
      expect(log).toEqual(['start']);
      await clock.tick(STALL_MS - 1);
      expect(eventsOf('agent-health')).toEqual([]);
      await clock.tick(1);

      expect(eventsOf('agent-health')).toEqual([
        {
          type: 'agent-health',
          at: STALL_MS,
          pid: agentPid.id,
          agent: NAME,
          problem: 'stalled',
          detail: `no turn ended within ${STALL_MS} ms`,
        },
      ]);
      page.open();
      expect((await answer).text).toBe('Read it.');
      expect(log).toEqual(['start', 'done']);
      expect(pid()).toBe(agentPid);
      expect(eventsOf('agent-health')).toHaveLength(1);
      expect(clock.pendingTimers()).toBe(0);
    });

    it('re-arms the watchdog at every turn end: progress is not a stall', async () => {
      const pages = [gate(), gate()];
      let next = 0;
      const twoPages = tool({
        name: 'fetch_page',
        description: 'Fetches a page',
        input: z.object({}),
        execute: async () => {
          await (pages[next++] as { promise: Promise<void> }).promise;
          return 'a page';
        },
      });
      const { ask, clock, eventsOf } = await setup(
        [
          { toolCalls: [{ name: 'fetch_page', input: {} }] },
          { toolCalls: [{ name: 'fetch_page', input: {} }] },
          { text: 'Read both.' },
        ],
        { tools: [twoPages], health: { stallMs: STALL_MS } },
      );

      const answer = ask('Read two pages.');
      await clock.tick(STALL_MS - 1);
      pages[0]?.open();
      await clock.tick(STALL_MS - 1);
      pages[1]?.open();

      expect((await answer).text).toBe('Read both.');
      expect(eventsOf('agent-health')).toEqual([]);
    });

    it("with action 'kill', ends the stalled process with AgentUnhealthy and aborts its tool", async () => {
      const page = gate();
      const log: string[] = [];
      const { ask, clock, eventsOf, pid, runtime, root } = await setup(
        [{ toolCalls: [{ name: 'fetch_page', input: {} }] }],
        { tools: [slowTool(page, log)], health: { stallMs: STALL_MS, action: 'kill' } },
      );
      const stalled = pid();
      const ended = runtime.whenExited(stalled);

      const answer = ask('Read the page.').catch((error: unknown) => error);
      await clock.tick(STALL_MS);

      const exited = await answer;
      expect(exited).toBeInstanceOf(ProcessExited);
      const reason = (exited as ProcessExited).reason;
      expect(reason).toBeInstanceOf(AgentUnhealthy);
      expect(reason).toMatchObject({ agent: NAME, problem: 'stalled' });
      expect((reason as AgentUnhealthy).message).toBe(
        `Agent '${NAME}' was stopped by its health monitor (stalled): no turn ended within ${STALL_MS} ms.`,
      );
      expect(await ended).toBe(reason);
      expect(log).toEqual(['start', 'aborted']);
      expect(eventsOf('agent-health').map((event) => event.problem)).toEqual(['stalled']);
      // The supervisor applies its strategy: a new process takes the agent's name.
      await clock.tick(0);
      expect(pid()).not.toBe(stalled);
      expect(await whichChildren(runtime, root)).toEqual([
        expect.objectContaining({ id: NAME, state: 'running', restarts: 1 }),
      ]);
    });

    it('leaves no watchdog behind when the process is stopped while a tool ignores its signal', async () => {
      const page = gate();
      const stubborn = tool({
        name: 'fetch_page',
        description: 'Fetches a page, ignoring cancellation',
        input: z.object({}),
        execute: async () => {
          await page.promise;
          return 'the page';
        },
      });
      const { ask, clock, eventsOf, runtime } = await setup(
        [{ toolCalls: [{ name: 'fetch_page', input: {} }] }],
        {
          tools: [stubborn],
          health: { stallMs: STALL_MS },
        },
      );

      const answer = ask('Read the page.').catch((error: unknown) => error);
      await clock.tick(0);
      await runtime.shutdown();

      expect(await answer).toBeInstanceOf(ProcessExited);
      // A watchdog left armed would fire for a process that no longer exists, and keep Node alive meanwhile.
      expect(runtime.stats().timers).toBe(0);
      expect(clock.pendingTimers()).toBe(0);
      expect(eventsOf('agent-health')).toEqual([]);
      page.open();
    });
  });
});

describe('isolated requests (concurrent workflow branches)', () => {
  /** A tool that waits for the test to open its gate, and one that crashes the agent's process. */
  function tools(waiting: Promise<void>) {
    return [
      tool({
        name: 'wait',
        description: 'Waits',
        input: z.object({}),
        execute: async (_input, { signal }) => {
          await untilAborted(waiting, signal);
          return 'waited';
        },
      }),
      tool({
        name: 'crash',
        description: 'Crashes',
        input: z.object({}),
        execute: () => {
          throw new AgentCrash('the item cannot be translated');
        },
      }),
    ];
  }
  const WAIT_CALL: ScriptEntry = { toolCalls: [{ name: 'wait', input: {}, id: 'call_wait' }] };
  const CRASH_CALL: ScriptEntry = { toolCalls: [{ name: 'crash', input: {}, id: 'call_crash' }] };
  const isolated = (runtime: ProcessRuntime, input: string) =>
    runtime.call<{ text: string }>(NAME, { input, isolated: true }, { timeoutMs: Number.POSITIVE_INFINITY });

  it('answers two isolated requests at once, and keeps neither in the conversation', async () => {
    const held = gate();
    const { runtime, model, clock } = await setup([WAIT_CALL, { text: 'B done' }, { text: 'A done' }], {
      tools: tools(held.promise),
    });
    const first = isolated(runtime, 'A');
    await clock.tick(0);
    // A waits on its tool: B is answered meanwhile, on the same process.
    expect((await isolated(runtime, 'B')).text).toBe('B done');
    held.open();
    expect((await first).text).toBe('A done');
    expect(model.calls).toHaveLength(3);
    expect(promptOf(model, 1)).toEqual([system, user('B')]);
  });

  it('crashes the process on a failing isolated request by default, ending the others in flight', async () => {
    const held = gate();
    const { runtime, clock, eventsOf } = await setup([WAIT_CALL, CRASH_CALL], { tools: tools(held.promise) });
    const first = isolated(runtime, 'A').catch((error: unknown) => error);
    await clock.tick(0);
    const second = await isolated(runtime, 'B').catch((error: unknown) => error);
    expect(second).toBeInstanceOf(ProcessExited);
    expect(await first).toBeInstanceOf(ProcessExited);
    expect((second as ProcessExited).reason).toBeInstanceOf(AgentCrash);
    await clock.tick(0);
    expect(eventsOf('process-exit')).toHaveLength(1);
  });

  it("with isolatedFailures: 'caller', fails only the failing request and keeps the process", async () => {
    const held = gate();
    const { runtime, clock, pid, eventsOf } = await setup([WAIT_CALL, CRASH_CALL, { text: 'A done' }], {
      tools: tools(held.promise),
      isolatedFailures: 'caller',
    });
    const before = pid();
    const first = isolated(runtime, 'A');
    await clock.tick(0);
    const second = await isolated(runtime, 'B').catch((error: unknown) => error);
    expect(second).toBeInstanceOf(AgentCrash);
    held.open();
    expect((await first).text).toBe('A done');
    expect(pid()).toBe(before);
    expect(eventsOf('process-exit')).toEqual([]);
  });
});
