import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZERO_COST } from '../../cost/add-costs.ts';
import { ZERO_USAGE } from '../../spec/usage.ts';
import { gatedInvoker } from '../run/gated-invoker.ts';
import { runWorkflow } from '../run/run-workflow.ts';
import type { AgentRequest, StepRecord } from '../run/workflow-result.ts';
import { diagnosticsOf, lines, load } from './step-test-kit.ts';

const workflow = (...steps: string[]) =>
  lines(
    'agents:',
    '  Coder: { system: You code. }',
    '  Analyzer: { system: You analyze. }',
    '  Critic: { system: You criticize. }',
    'workflows:',
    '  main:',
    '    steps:',
    ...steps,
  );

function echoInvoker() {
  const requests: AgentRequest[] = [];
  const invokeAgent = async (request: AgentRequest) => {
    requests.push(request);
    return { text: `${request.agent}: ${request.message}`, usage: ZERO_USAGE, cost: ZERO_COST };
  };
  return { requests, invokeAgent };
}

/** A journal that performs everything and remembers the keys it was given. */
function keyRecorder() {
  const checkpoints: string[] = [];
  const journal = {
    effect: async <V>(_key: string, _options: unknown, perform: () => Promise<V>) => perform(),
    checkpoint: async (key: string) => {
      checkpoints.push(key);
    },
    recordedStartOf: () => undefined,
  };
  return { checkpoints, journal: { journal, runId: 'r' } };
}

describe('parallel, step-list form', () => {
  it('runs the branches concurrently and merges their saves in branch order, not in order of ending', async () => {
    const document = load(
      workflow(
        '      - set: { topic: cats, shared: before }',
        '      - parallel:',
        '          - Coder: "A on {{topic}} ({{shared}})"',
        '            save: a',
        '          - Analyzer: "B on {{topic}} ({{shared}})"',
        '            save: shared',
        '          - Critic: "C on {{topic}} ({{shared}})"',
        '            save: shared',
        '        save: all',
        '      - Coder: "after {{shared}}"',
      ),
    );
    const gate = gatedInvoker();
    const records: StepRecord[] = [];
    const running = runWorkflow(document, {
      inputs: {},
      invokeAgent: gate.invokeAgent,
      onStepEnd: (record) => records.push(record),
    });
    await gate.waitForHeld(3);
    expect(gate.requests.map((request) => request.message)).toEqual([
      'A on cats (before)',
      'B on cats (before)',
      'C on cats (before)',
    ]);
    // End them last to first: the merge still goes in branch order.
    for (const call of [...gate.held].reverse()) call.reply(`reply to ${call.request.agent}`);
    await gate.waitForHeld(1);
    gate.held[0]?.reply('done');
    const result = await running;
    expect(result.variables).toMatchObject({
      a: 'reply to Coder',
      shared: 'reply to Critic',
      all: ['reply to Coder', 'reply to Analyzer', 'reply to Critic'],
    });
    expect(gate.requests.at(-1)?.message).toBe('after reply to Critic');
    // Live events end in the order the calls ended; the run's records are in branch order.
    expect(records.slice(1, 4).map((record) => record.key)).toEqual([
      'step-1/parallel/2',
      'step-1/parallel/1',
      'step-1/parallel/0',
    ]);
    expect(result.steps.map((record) => record.key ?? `step-${record.index}`)).toEqual([
      'step-0',
      'step-1/parallel/0',
      'step-1/parallel/1',
      'step-1/parallel/2',
      'step-1',
      'step-2',
    ]);
    expect(result.steps[4]).toMatchObject({ kind: 'parallel', branches: 3 });
  });

  it('gives each branch a snapshot: a branch does not see what another one set', async () => {
    const document = load(
      workflow(
        '      - set: { x: 0 }',
        '      - parallel:',
        '          - set: { x: 1 }',
        '          - Coder: "x is {{x}}"',
        '            id: reader',
        '      - Analyzer: "x is now {{x}}, reader said {{steps.reader.output}}"',
      ),
    );
    const { invokeAgent, requests } = echoInvoker();
    await runWorkflow(document, { inputs: {}, invokeAgent });
    expect(requests.map((request) => request.message)).toEqual([
      'x is 0',
      'x is now 1, reader said Coder: x is 0',
    ]);
  });

  it('keys each branch step-<i>/parallel/<b> and marks its agent calls as a branch’s', async () => {
    const document = load(
      workflow(
        '      - parallel:',
        '          - Coder: "one"',
        '          - if: "true"',
        '            then: [ { Coder: "two" } ]',
      ),
    );
    const { invokeAgent, requests } = echoInvoker();
    const recorder = keyRecorder();
    await runWorkflow(document, { inputs: {}, invokeAgent, journal: recorder.journal });
    expect(requests.map((request) => [request.journal?.key, request.branch])).toEqual([
      ['step-0/parallel/0/agent:Coder', 'step-0/parallel/0'],
      ['step-0/parallel/1/then/0/agent:Coder', 'step-0/parallel/1'],
    ]);
    expect(recorder.checkpoints.sort()).toEqual([
      'step-0',
      'step-0/parallel/0',
      'step-0/parallel/1',
      'step-0/parallel/1/then/0',
    ]);
  });

  it('fails after the other branches end, with the first failing branch’s error in branch order', async () => {
    const document = load(
      workflow(
        '      - parallel:',
        '          - Coder: "slow"',
        '          - Analyzer: "fails second"',
        '          - Critic: "fails first"',
        '        save: all',
      ),
    );
    const gate = gatedInvoker();
    let settled = false;
    const running = runWorkflow(document, { inputs: {}, invokeAgent: gate.invokeAgent }).finally(() => {
      settled = true;
    });
    await gate.waitForHeld(3);
    const [slow, second, first] = [...gate.held];
    first?.fail(new Error('critic failed'));
    second?.fail(new Error('analyzer failed'));
    await Promise.resolve();
    expect(settled).toBe(false);
    expect(slow?.request.signal.aborted).toBe(false);
    slow?.reply('slow done');
    await expect(running).rejects.toThrow('analyzer failed');
  });

  it('with fail_fast, cancels the other branches at the first failure', async () => {
    const document = load(
      workflow(
        '      - parallel:',
        '          - Coder: "slow"',
        '          - Analyzer: "fails"',
        '        fail_fast: true',
      ),
    );
    const gate = gatedInvoker();
    const running = runWorkflow(document, { inputs: {}, invokeAgent: gate.invokeAgent });
    await gate.waitForHeld(2);
    const [slow, failing] = [...gate.held];
    failing?.fail(new Error('analyzer failed'));
    await expect(running).rejects.toThrow('analyzer failed');
    expect(slow?.request.signal.aborted).toBe(true);
    expect(gate.held).toHaveLength(0);
  });

  it('keeps the saves of the branches before the failing one, not those after it', async () => {
    const document = load(
      workflow(
        '      - try:',
        '          - parallel:',
        '              - set: { before: yes }',
        '              - Coder: "fails"',
        '              - set: { after: yes }',
        '        catch:',
        "          - set: { seen: \"{{before | default: '-'}} {{after | default: '-'}} {{error.message}}\" }",
      ),
    );
    const invokeAgent = async (): Promise<never> => {
      throw new Error('no');
    };
    const result = await runWorkflow(document, { inputs: {}, invokeAgent });
    expect(result.variables.seen).toBe('yes - no');
  });
});

describe('nested and cancelled concurrent steps', () => {
  it('nests a parallel step in a concurrent for: each level merges in its own order', async () => {
    const document = load(
      workflow(
        '      - for: n in [1, 2, 3]',
        '        concurrency: 3',
        '        steps:',
        '          - parallel:',
        '              - set: { seen: "{{n}}" }',
        '              - Coder: "n={{n}} seen={{seen | default: \'none\'}}"',
        '                save: reply',
        '        save: rounds',
        '    output: { seen: "{{seen}}", reply: "{{reply}}", rounds: "{{rounds | length}}" }',
      ),
    );
    const gate = gatedInvoker();
    const running = runWorkflow(document, { inputs: {}, invokeAgent: gate.invokeAgent });
    await gate.waitForHeld(3);
    expect(gate.requests.map((request) => [request.message, request.branch])).toEqual([
      ['n=1 seen=none', 'step-0/for/0/0/parallel/1'],
      ['n=2 seen=none', 'step-0/for/1/0/parallel/1'],
      ['n=3 seen=none', 'step-0/for/2/0/parallel/1'],
    ]);
    for (const call of [...gate.held].reverse()) call.reply(`reply ${call.request.message.slice(0, 3)}`);
    expect((await running).output).toEqual({ seen: 3, reply: 'reply n=3', rounds: 3 });
  });

  it('ends every branch when the run is aborted', async () => {
    const document = load(workflow('      - parallel: [ { Coder: "a" }, { Critic: "b" } ]'));
    const gate = gatedInvoker();
    const controller = new AbortController();
    const running = runWorkflow(document, {
      inputs: {},
      invokeAgent: gate.invokeAgent,
      signal: controller.signal,
    });
    await gate.waitForHeld(2);
    const calls = [...gate.held];
    controller.abort(new Error('stopped by the user'));
    await expect(running).rejects.toThrow('stopped by the user');
    expect(calls.every((call) => call.request.signal.aborted)).toBe(true);
    expect(gate.held).toHaveLength(0);
  });
});

describe('parallel, same-agent form', () => {
  it('sends each input to the agent and saves the replies in input order', async () => {
    const document = load(
      workflow(
        '      - set: { docs: [one, two, three] }',
        '      - parallel:',
        '          agent: Analyzer',
        '          inputs: "{{docs}}"',
        '          save: analyses',
        '      - parallel: { agent: Critic, inputs: ["Review {{analyses[0]}}", "Review {{analyses[2]}}"] }',
        '        save: reviews',
        '    output: { analyses: "{{analyses}}", reviews: "{{reviews}}" }',
      ),
    );
    const gate = gatedInvoker();
    const running = runWorkflow(document, {
      inputs: {},
      invokeAgent: gate.invokeAgent,
      journal: keyRecorder().journal,
    });
    await gate.waitForHeld(3);
    expect(gate.requests.map((request) => request.journal?.key)).toEqual([
      'step-1/parallel/0/agent:Analyzer',
      'step-1/parallel/1/agent:Analyzer',
      'step-1/parallel/2/agent:Analyzer',
    ]);
    for (const call of [gate.held[1], gate.held[2], gate.held[0]])
      call?.reply(`analysis of ${call.request.message}`);
    await gate.waitForHeld(2);
    for (const call of [...gate.held]) call.reply(`review: ${call.request.message}`);
    const result = await running;
    expect(result.output).toEqual({
      analyses: ['analysis of one', 'analysis of two', 'analysis of three'],
      reviews: ['review: Review analysis of one', 'review: Review analysis of three'],
    });
  });

  it('fails with a located error when the inputs are not a list', async () => {
    const document = load(
      workflow('      - set: { docs: 3 }', '      - parallel: { agent: Analyzer, inputs: "{{docs}}" }'),
    );
    await expect(runWorkflow(document, { inputs: {}, ...echoInvoker() })).rejects.toThrow(
      '`inputs` of `parallel` must be a list, got a number',
    );
  });
});

describe('for with concurrency', () => {
  it('runs at most `concurrency` iterations at once and saves in input order', async () => {
    const document = load(
      workflow(
        '      - for: n in [1, 2, 3, 4, 5]',
        '        concurrency: 2',
        '        steps:',
        '          - Coder: "item {{n}} at {{loop.index}}"',
        '        save: results',
      ),
    );
    const gate = gatedInvoker();
    const running = runWorkflow(document, {
      inputs: {},
      invokeAgent: gate.invokeAgent,
      journal: keyRecorder().journal,
    });
    for (let remaining = 5; remaining > 0; remaining--) {
      await gate.waitForHeld(Math.min(2, remaining));
      // End the newest call first, so iterations end out of input order.
      const call = gate.held.at(-1);
      call?.reply(`did ${call.request.message}`);
    }
    const result = await running;
    expect(gate.maxHeld()).toBe(2);
    expect(result.variables.results).toEqual([1, 2, 3, 4, 5].map((n) => `did item ${n} at ${n - 1}`));
    expect(gate.requests.map((request) => request.journal?.key).sort()).toEqual(
      [0, 1, 2, 3, 4].map((n) => `step-0/for/${n}/0/agent:Coder`),
    );
    expect(result.variables).not.toHaveProperty('n');
  });

  it('without a limit per branch, every iteration is in flight at once', async () => {
    const document = load(
      workflow(
        '      - for: n in [1, 2, 3, 4]',
        '        concurrency: 10',
        '        steps: [ { Coder: "{{n}}" } ]',
      ),
    );
    const gate = gatedInvoker();
    const running = runWorkflow(document, { inputs: {}, invokeAgent: gate.invokeAgent });
    await gate.waitForHeld(4);
    for (const call of [...gate.held]) call.reply('ok');
    await running;
    expect(gate.maxHeld()).toBe(4);
  });

  it('gives the same saved list as a sequential loop, for any items and concurrency', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 99 }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 6 }),
        fc.scheduler(),
        async (items, concurrency, scheduler) => {
          const loop = (limit: string) =>
            load(
              workflow(
                `      - set: { items: ${JSON.stringify(items)}, last: none }`,
                '      - for: n in items',
                limit,
                '        steps:',
                '          - Coder: "{{n}}"',
                '            save: last',
                '          - set: { doubled: "{{n * 2}}" }',
                '        save: results',
                '    output: { results: "{{results}}", last: "{{last}}", doubled: "{{doubled | default: null}}" }',
              ),
            );
          const reply = async (request: AgentRequest) => ({
            text: `#${request.message}`,
            usage: ZERO_USAGE,
            cost: ZERO_COST,
          });
          const sequential = await runWorkflow(loop(''), { inputs: {}, invokeAgent: reply });
          // The replies of the concurrent run end in an order the scheduler picks.
          const running = runWorkflow(loop(`        concurrency: ${concurrency}`), {
            inputs: {},
            invokeAgent: scheduler.scheduleFunction(reply),
          });
          await scheduler.waitFor(running);
          const concurrent = await running;
          expect(concurrent.output).toEqual(sequential.output);
          expect(concurrent.variables).toEqual(sequential.variables);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('parallel and concurrent for, loading', () => {
  it('reports an unknown agent with did-you-mean, inputs that are not a list and a bad concurrency', () => {
    const diagnostics = diagnosticsOf(
      workflow(
        '      - parallel: { agent: Analyser, inputs: ["a"] }',
        '      - parallel: { agent: Analyzer, inputs: 3 }',
        '      - for: n in [1]',
        '        concurrency: 0',
        '        steps: [ { Coder: "x" } ]',
        '      - for: n in [1]',
        '        concurrency: 1.5',
        '        steps: [ { Coder: "x" } ]',
        '      - parallel: { agent: Coder }',
        '      - parallel: 3',
        '      - parallel: [ { Coder: "x" } ]',
        '        fail_fast: maybe',
        '      - parallel: { agnet: Coder, inputs: [a] }',
      ),
    );
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['unknown_agent', 8, 28],
      ['invalid_type', 9, 46],
      ['invalid_value', 11, 22],
      ['invalid_type', 14, 22],
      ['missing_key', 16, 9],
      ['invalid_type', 17, 19],
      ['invalid_type', 19, 20],
      ['unknown_key', 20, 21],
    ]);
    expect(diagnostics.at(-1)?.hint).toBe("did you mean 'agent'?");
    expect(diagnostics[0]?.hint).toBe("did you mean 'Analyzer'?");
  });

  it('checks branches against the variables before the step, and defines their saves after it', () => {
    const diagnostics = diagnosticsOf(
      workflow(
        '      - parallel:',
        '          - Coder: "a"',
        '            save: first',
        '          - Analyzer: "reads {{first}}"',
        '            save: second',
        '      - Critic: "{{first}} {{second}}"',
      ),
    );
    expect(diagnostics).toMatchObject([{ code: 'undefined_variable', line: 11, column: 30 }]);
  });

  it('counts the same-agent form’s agent as used', () => {
    const document = load(
      workflow(
        '      - parallel: { agent: Analyzer, inputs: [a] }',
        '      - parallel: [ { Coder: "x" }, { Critic: "y" } ]',
      ),
    );
    expect(document.warnings.filter((warning) => warning.code === 'unused_agent')).toEqual([]);
  });

  it('loads a concurrent for and a parallel step with their keys', () => {
    const document = load(
      workflow(
        '      - for: n in [1]',
        '        concurrency: 3',
        '        fail_fast: true',
        '        steps: [ { Coder: "x" } ]',
        '      - parallel: [ { Coder: "x" } ]',
        '        id: fan',
        '        fail_fast: false',
      ),
    );
    const [loop, parallel] = document.workflows.get('main')?.steps ?? [];
    expect(loop).toMatchObject({ kind: 'for', concurrency: { value: 3 }, failFast: { value: true } });
    expect(parallel).toMatchObject({ kind: 'parallel', id: { value: 'fan' }, failFast: { value: false } });
  });
});
