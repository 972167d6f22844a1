import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { defineAgent } from '../../src/agent/define-agent.ts';
import { tool } from '../../src/agent/tool.ts';
import { createRuntime, type Runtime } from '../../src/create-runtime.ts';
import type { RunContext } from '../../src/durable/run-context.ts';
import { OutcomeUnknown, RunDivergence, RunStateError } from '../../src/errors/durable-errors.ts';
import { BudgetExceeded } from '../../src/errors/policy-errors.ts';
import { scriptedModel } from '../../src/model/scripted/scripted-model.ts';
import type { Store } from '../../src/spec/store.ts';
import { postgresStore } from '../../src/store/postgres-store.ts';
import { sqliteStore } from '../../src/store/sqlite-store.ts';
import { manualClock } from '../../src/testing/manual-clock.ts';
import {
  checkPostgres,
  dropSchemas,
  POSTGRES_TEST_URL,
  randomSchema,
} from '../store/postgres-test-database.ts';

/** A crash: the run's code stops here, as if the process had died after what came before. */
class Crash extends Error {}

const postgresReachable = await checkPostgres('durable runs on PostgreSQL');
const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));

/** The same durable-run tests on both stores. */
const STORES: readonly [string, boolean, () => Promise<Store>][] = [
  ['SQLite', true, () => sqliteStore(':memory:')],
  [
    'PostgreSQL',
    postgresReachable,
    () => {
      const schema = randomSchema();
      schemas.push(schema);
      return postgresStore(POSTGRES_TEST_URL, { schema, poolSize: 2 });
    },
  ],
];

let store: Store;
let runtime: Runtime;

/** A tool that counts its executions, so a test sees whether it ran again. */
function countingTool(name: string, options: { idempotent?: boolean } = {}) {
  const executions: string[] = [];
  const counted = tool({
    name,
    description: `Records ${name}`,
    input: z.object({ value: z.string() }),
    ...(options.idempotent === undefined ? {} : { idempotent: options.idempotent }),
    execute: async ({ value }) => {
      executions.push(value);
      return `${name}:${value}`;
    },
  });
  return { tool: counted, executions };
}

describe.each(STORES)('durable runs on %s', (_name, reachable, openStore) => {
  beforeEach(async (context) => {
    if (!reachable) context.skip();
    store = await openStore();
    runtime = createRuntime({ store });
  });

  afterEach(async () => {
    if (!reachable) return;
    await runtime.close();
    await store.close();
  });

  describe('runtime.run', () => {
    it('records every effect and returns the output; a second run with the same id returns it without running', async () => {
      const send = countingTool('send');
      let bodies = 0;
      const work = async (ctx: RunContext, name: string) => {
        bodies += 1;
        const sent = await ctx.tool(send.tool, { value: name });
        const at = await ctx.now();
        const draw = await ctx.random();
        return { sent, at: typeof at, draw: draw >= 0 && draw < 1 };
      };
      const first = await runtime.run(work, 'ada', { id: 'run-1' });
      expect(first.output).toEqual({ sent: 'send:ada', at: 'number', draw: true });
      expect(first.effects).toEqual({ recorded: 0, performed: 3 });
      const again = await runtime.run(work, 'ada', { id: 'run-1' });
      expect(again.output).toEqual(first.output);
      expect(bodies).toBe(1);
      expect(send.executions).toEqual(['ada']);
      const journal = await store.listJournal('run-1');
      expect(journal.map((entry) => [entry.seq, entry.key, entry.kind, entry.status])).toEqual([
        [1, '1:tool:send', 'tool-call', 'completed'],
        [2, '2:now', 'now', 'completed'],
        [3, '3:random', 'random', 'completed'],
      ]);
      const run = await store.getRun('run-1');
      expect(run?.status).toBe('completed');
      const events = await store.listEvents({ runId: 'run-1' });
      expect(events.map((event) => event.type)).toEqual([
        'run-started',
        'tool-call-started',
        'tool-call-completed',
        'run-completed',
      ]);
      expect(events.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
    });

    it('resumes a failed run: completed effects return their recorded results and are not redone', async () => {
      const send = countingTool('send');
      let crash = true;
      const work = async (ctx: RunContext) => {
        const first = await ctx.tool(send.tool, { value: 'one' });
        const at = await ctx.now();
        if (crash) throw new Crash('died after two effects');
        const second = await ctx.tool(send.tool, { value: 'two' });
        return [first, at, second];
      };
      await expect(runtime.run(work, null, { id: 'r' })).rejects.toBeInstanceOf(Crash);
      expect((await store.getRun('r'))?.status).toBe('failed');
      const recordedAt = (await store.listJournal('r'))[1]?.result;
      crash = false;
      const resumed = await runtime.resume('r', work);
      expect(resumed.output).toEqual(['send:one', recordedAt, 'send:two']);
      expect(resumed.resumed).toBe(true);
      expect(resumed.effects).toEqual({ recorded: 2, performed: 1 });
      expect(send.executions).toEqual(['one', 'two']);
      const types = (await store.listEvents({ runId: 'r' })).map((event) => event.type);
      expect(types).toContain('run-failed');
      expect(types).toContain('run-resumed');
      expect(types.at(-1)).toBe('run-completed');
    });

    it('stops with OutcomeUnknown at a non-idempotent effect that started but never ended', async () => {
      const charge = countingTool('charge');
      const work = async (ctx: RunContext) => ctx.tool(charge.tool, { value: 'card' });
      await store.createRun({ id: 'cut', kind: 'function', name: 'work', input: null, createdAt: 1 });
      await store.startEffect({
        runId: 'cut',
        key: '1:tool:charge',
        kind: 'tool-call',
        idempotent: false,
        startedAt: 1,
      });
      const failure = await runtime.resume('cut', work).catch((error: unknown) => error);
      expect(OutcomeUnknown.isOutcomeUnknown(failure)).toBe(true);
      expect(failure).toMatchObject({ runId: 'cut', key: '1:tool:charge', kind: 'tool-call' });
      expect(charge.executions).toEqual([]);
    });

    it('redoes an idempotent effect that started but never ended', async () => {
      const put = countingTool('put', { idempotent: true });
      const work = async (ctx: RunContext) => ctx.tool(put.tool, { value: 'x' });
      await store.createRun({ id: 'cut', kind: 'function', name: 'work', input: null, createdAt: 1 });
      await store.startEffect({
        runId: 'cut',
        key: '1:tool:put',
        kind: 'tool-call',
        idempotent: true,
        startedAt: 1,
      });
      const outcome = await runtime.resume('cut', work);
      expect(outcome.output).toBe('put:x');
      expect(put.executions).toEqual(['x']);
    });

    it('will not resume a run whose owner process is alive, unless forced', async () => {
      const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
      try {
        await store.createRun({
          id: 'owned',
          kind: 'function',
          name: 'work',
          input: null,
          owner: `${hostname()}:${alive.pid}`,
          createdAt: 1,
        });
        const work = async (ctx: RunContext) => ctx.now();
        const refused = await runtime.resume('owned', work).catch((error: unknown) => error);
        expect(RunStateError.isRunStateError(refused)).toBe(true);
        expect((refused as Error).message).toContain(`is still running in ${hostname()}:${alive.pid}`);
        await expect(runtime.resume('owned', work, { force: true })).resolves.toMatchObject({
          resumed: true,
        });
        // Once that process is gone, no force is needed.
        await store.createRun({
          id: 'orphan',
          kind: 'function',
          name: 'work',
          input: null,
          owner: `${hostname()}:${alive.pid}`,
          createdAt: 2,
        });
        const exited = once(alive, 'exit');
        alive.kill('SIGKILL');
        await exited;
        await expect(runtime.resume('orphan', work)).resolves.toMatchObject({ resumed: true });
      } finally {
        alive.kill('SIGKILL');
      }
    });

    it('fails with RunDivergence when the code no longer matches its journal', async () => {
      const send = countingTool('send');
      const other = countingTool('other');
      let crash = true;
      await expect(
        runtime.run(
          async (ctx: RunContext) => {
            await ctx.tool(send.tool, { value: 'a' });
            if (crash) throw new Crash();
            return 'done';
          },
          null,
          { id: 'd' },
        ),
      ).rejects.toBeInstanceOf(Crash);
      crash = false;
      const changedTool = async (ctx: RunContext) => ctx.tool(other.tool, { value: 'a' });
      const failure = await runtime.resume('d', changedTool).catch((error: unknown) => error);
      expect(RunDivergence.isRunDivergence(failure)).toBe(true);
      const changedInput = async (ctx: RunContext) => ctx.tool(send.tool, { value: 'b' });
      const second = await runtime.resume('d', changedInput).catch((error: unknown) => error);
      expect(second).toMatchObject({ code: 'run_diverged', key: '1:tool:send' });
      expect((second as RunDivergence).reason).toContain('request differs');
      expect(other.executions).toEqual([]);
    });

    it('runs steps once, keys their effects under them, and keeps child runs in their own journal', async () => {
      const send = countingTool('send');
      let crash = true;
      const child = async (ctx: RunContext, value: string) =>
        ctx.tool(send.tool, { value: `child ${value}` });
      const work = async (ctx: RunContext) => {
        const a = await ctx.step('fetch', async (inner) => inner.tool(send.tool, { value: 'in step' }));
        const b = await ctx.run(child, 'x', { name: 'child' });
        if (crash) throw new Crash();
        return [a, b];
      };
      await expect(runtime.run(work, null, { id: 'p' })).rejects.toBeInstanceOf(Crash);
      crash = false;
      const outcome = await runtime.resume('p', work);
      expect(outcome.output).toEqual(['send:in step', 'send:child x']);
      expect(send.executions).toEqual(['in step', 'child x']);
      const keys = (await store.listJournal('p')).map((entry) => entry.key);
      expect(keys).toEqual(['1:step:fetch', '1:step:fetch/1:tool:send', '2:run:child']);
      const children = await store.listRuns({ parentId: 'p' });
      expect(children.map((run) => [run.id, run.status])).toEqual([['p.2:run:child', 'completed']]);
    });

    it('sleeps durably: a resumed run waits only for what is left', async () => {
      const clock = manualClock(1_000);
      const timed = createRuntime({ store, clock });
      let crash = true;
      const work = async (ctx: RunContext) => {
        await ctx.sleep(5_000);
        if (crash) throw new Crash();
        return ctx.now();
      };
      const first = timed.run(work, null, { id: 's' }).catch((error: unknown) => error);
      await vi.waitFor(() => expect(clock.pendingTimers()).toBe(1));
      await clock.tick(5_000);
      expect(await first).toBeInstanceOf(Crash);
      crash = false;
      // Resumed after the wake-up time: no wait at all.
      await expect(timed.resume('s', work)).resolves.toMatchObject({ output: 6_000 });
      await timed.close();
    });

    it('journals an agent’s model and tool calls: a resumed run makes no call it already made', async () => {
      const lookup = countingTool('lookup', { idempotent: true });
      const model = scriptedModel((call) =>
        call.turn === 1
          ? {
              toolCalls: [{ name: 'lookup', input: { value: call.lastUserMessage } }],
              usage: { input: 10, output: 5 },
            }
          : { text: `answer to ${call.lastUserMessage}`, usage: { input: 20, output: 7 } },
      );
      const agent = defineAgent({ name: 'researcher', model, tools: [lookup.tool] });
      let crash = true;
      const work = async (ctx: RunContext, question: string) => {
        const result = await ctx.agent(agent, question);
        if (crash) throw new Crash();
        return {
          text: result.text,
          turns: result.turns,
          tokens: result.usage.inputTokens + result.usage.outputTokens,
        };
      };
      await expect(runtime.run(work, 'why?', { id: 'a' })).rejects.toBeInstanceOf(Crash);
      expect(model.calls).toHaveLength(2);
      crash = false;
      const resumed = await runtime.resume('a', work);
      expect(resumed.output).toEqual({ text: 'answer to why?', turns: 2, tokens: 42 });
      expect(model.calls).toHaveLength(2);
      expect(lookup.executions).toEqual(['why?']);
      const kinds = (await store.listJournal('a')).map((entry) => `${entry.key} ${entry.kind}`);
      expect(kinds).toEqual([
        '1:agent:researcher/t1/model model-call',
        '1:agent:researcher/t1/tool-0 tool-call',
        '1:agent:researcher/t2/model model-call',
      ]);
    });
  });

  describe('budgets across a resume', () => {
    it('counts what the run spent before the interruption against its cap', async () => {
      // $1 per million tokens; each reply reports 10,000 + 5,000 tokens: $0.015 a call.
      const priced = createRuntime({ store, prices: { costly: { input: 1, output: 1 } } });
      const model = scriptedModel(() => ({ text: 'ok', usage: { input: 10_000, output: 5_000 } }), {
        modelId: 'costly',
      });
      const agent = defineAgent({ name: 'spender', model, maxTokens: 10 });
      let crash = true;
      const work = async (ctx: RunContext) => {
        await ctx.agent(agent, 'first');
        if (crash) throw new Crash();
        await ctx.agent(agent, 'second');
        await ctx.agent(agent, 'third');
        return 'done';
      };
      await expect(priced.run(work, null, { id: 'capped', budgetUsd: 0.02 })).rejects.toBeInstanceOf(Crash);
      crash = false;
      // $0.015 before the crash + $0.015 for the second call leave nothing for the third.
      const failure = await priced.resume('capped', work).catch((error: unknown) => error);
      expect(BudgetExceeded.isBudgetExceeded(failure)).toBe(true);
      expect(model.calls).toHaveLength(2);
      // The run's cost is both calls: the one before the crash and the one after.
      expect(await store.getRun('capped')).toMatchObject({ status: 'failed', costNanoUsd: 30_000_000 });
      await priced.close();
    });
  });

  describe('many runs at once', () => {
    it('loses no event and no journal record when 40 runs write at the same time', async () => {
      const effects = 15;
      const add = tool({
        name: 'add',
        description: 'Adds n',
        input: z.object({ n: z.number() }),
        idempotent: true,
        execute: async ({ n }) => n,
      });
      const work = async (ctx: RunContext, n: number) => {
        let sum = 0;
        for (let index = 0; index < effects; index += 1) sum += await ctx.tool(add, { n });
        return sum;
      };
      const outcomes = await Promise.all(
        Array.from({ length: 40 }, (_, n) => runtime.run(work, n, { id: `many-${n}` })),
      );
      expect(outcomes.map((outcome) => outcome.output)).toEqual(
        Array.from({ length: 40 }, (_, n) => n * effects),
      );
      for (let n = 0; n < 40; n += 1) {
        const events = await store.listEvents({ runId: `many-${n}` });
        // run-started, a started and a completed event per effect, run-completed; seqs 1..n with no gap.
        expect(events.map((event) => event.seq)).toEqual(
          Array.from({ length: 2 + 2 * effects }, (_, i) => i + 1),
        );
        expect(events.filter((event) => event.type === 'tool-call-completed')).toHaveLength(effects);
        const journal = await store.listJournal(`many-${n}`);
        expect(journal.map((entry) => entry.seq)).toEqual(Array.from({ length: effects }, (_, i) => i + 1));
        expect(journal.every((entry) => entry.status === 'completed')).toBe(true);
      }
    });
  });

  describe('runtime.replay', () => {
    it('reproduces a finished run from the journal alone, and reports where an edited one diverges', async () => {
      const send = countingTool('send');
      const model = scriptedModel((call) => ({ text: `re: ${call.lastUserMessage}` }));
      const agent = defineAgent({ name: 'writer', model });
      const work = async (ctx: RunContext) => {
        const draft = await ctx.agent(agent, 'draft');
        await ctx.tool(send.tool, { value: draft.text });
        return draft.text;
      };
      await runtime.run(work, null, { id: 'f' });
      const report = await runtime.replay('f', work);
      expect(report).toMatchObject({
        reproduced: true,
        output: 're: draft',
        recordedOutput: 're: draft',
        effects: 2,
      });
      expect(model.calls).toHaveLength(1);
      expect(send.executions).toHaveLength(1);

      const edited = async (ctx: RunContext) => (await ctx.agent(agent, 'a different prompt')).text;
      const diverged = await runtime.replay('f', edited);
      expect(diverged.reproduced).toBe(false);
      expect(diverged.divergence).toMatchObject({ key: '1:agent:writer/t1/model' });
      expect(diverged.divergence?.reason).toContain('request differs');

      const shorter = async (ctx: RunContext) => (await ctx.agent(agent, 'draft')).text;
      const ended = await runtime.replay('f', shorter);
      expect(ended.divergence).toMatchObject({ key: '2:tool:send' });
      expect(model.calls).toHaveLength(1);
    });
  });

  describe('memory', () => {
    it('keeps values per scope in the store', async () => {
      await runtime.memory().set('greeting', { text: 'hi' });
      const seen = await runtime.run(
        async (ctx: RunContext) => {
          await ctx.memory.set('mine', 1);
          return [await ctx.globalMemory.get('greeting'), await ctx.memory.get('mine')];
        },
        null,
        { id: 'm' },
      );
      expect(seen.output).toEqual([{ text: 'hi' }, 1]);
      expect(await runtime.memory({ kind: 'run', id: 'm' }).get('mine')).toBe(1);
      expect(await runtime.memory().get('mine')).toBeUndefined();
    });
  });
});
