import { describe, expect, it } from 'vitest';
import { ZERO_COST } from '../../cost/add-costs.ts';
import { ZERO_USAGE } from '../../spec/usage.ts';
import { runWorkflow } from '../run/run-workflow.ts';
import type { AgentRequest } from '../run/workflow-result.ts';
import { diagnosticsOf, lines, load, workflow } from './step-test-kit.ts';

function fakeInvoker() {
  const requests: AgentRequest[] = [];
  const invokeAgent = async (request: AgentRequest) => {
    requests.push(request);
    return { text: `done ${request.message}`, usage: ZERO_USAGE, cost: ZERO_COST };
  };
  return { requests, invokeAgent };
}

describe('if steps', () => {
  it('runs `then` or `else` by a braceless condition and gives the last value', async () => {
    const document = load(
      workflow(
        '      - set: { kind: json }',
        '      - if: "{{kind}} == \'json\'"',
        '        then:',
        '          - Coder: "Write JSON"',
        '        else:',
        '          - set: { other: yes }',
      ),
    );
    const { invokeAgent, requests } = fakeInvoker();
    const steps: unknown[] = [];
    const result = await runWorkflow(document, {
      inputs: {},
      invokeAgent,
      onStepEnd: (record) => steps.push(record),
    });
    expect(result.output).toBe('done Write JSON');
    expect(requests.map((request) => request.message)).toEqual(['Write JSON']);
    expect(steps).toMatchObject([
      { index: 0, kind: 'set' },
      { index: 0, key: 'step-1/then/0', kind: 'agent' },
      { index: 1, kind: 'if', branch: 'then' },
    ]);
  });

  it('gives null when the branch taken is absent', async () => {
    const document = load(workflow('      - if: "false"', '        then: [ { Coder: "never" } ]'));
    const result = await runWorkflow(document, { inputs: {}, ...fakeInvoker() });
    expect(result.output).toBeNull();
  });

  it('reports a misspelt key, a missing `then` and an undefined name with their places', () => {
    const diagnostics = diagnosticsOf(
      workflow(
        '      - if: "ready"',
        '        thne: [ { Coder: "x" } ]',
        '      - if: "missing_name"',
        '        then: []',
      ),
    );
    expect(diagnostics.map((d) => [d.code, d.line, d.message])).toEqual(
      expect.arrayContaining([
        ['unknown_key', 7, expect.stringContaining("'thne'")],
        ['missing_key', 6, '`if` needs a `then` block'],
      ]),
    );
    expect(diagnostics.some((d) => d.hint?.includes("did you mean 'then'"))).toBe(true);
  });

  it('reports an undefined name in the condition at its column', () => {
    const diagnostics = diagnosticsOf(
      workflow('      - if: "ready == 1"', '        then: [ { Coder: "x" } ]'),
    );
    expect(diagnostics).toMatchObject([{ code: 'undefined_variable', line: 6, column: 14 }]);
  });
});

describe('for steps', () => {
  it('runs the block per item with loop variables and saves each iteration value in order', async () => {
    const document = load(
      lines(
        'agents:',
        '  Coder: { system: You code. }',
        'workflows:',
        '  main:',
        '    inputs: [topic]',
        '    steps:',
        '      - set: { items: [a, b, c] }',
        '      - for: thing in items',
        '        steps:',
        '          - Coder: "{{thing}} {{loop.index}}/{{loop.count}}/{{loop.length}} {{loop.first}} {{loop.last}}"',
        '        save: results',
        '      - for x in "{{results}}":',
        '          - set: { last_seen: "{{x}}" }',
        '    output: { results: "{{results}}", last: "{{last_seen}}" }',
      ),
    );
    const { invokeAgent, requests } = fakeInvoker();
    const result = await runWorkflow(document, { inputs: { topic: 't' }, invokeAgent });
    expect(requests.map((request) => request.message)).toEqual([
      'a 0/1/3 true false',
      'b 1/2/3 false false',
      'c 2/3/3 false true',
    ]);
    expect(result.output).toEqual({
      results: ['done a 0/1/3 true false', 'done b 1/2/3 false false', 'done c 2/3/3 false true'],
      last: 'done c 2/3/3 false true',
    });
    expect(result.variables).not.toHaveProperty('thing');
    expect(result.variables).not.toHaveProperty('loop');
  });

  it('keys nested agent calls by their position', async () => {
    const document = load(workflow('      - for: n in [1, 2]', '        steps: [ { Coder: "n{{n}}" } ]'));
    const { invokeAgent, requests } = fakeInvoker();
    const recorded: string[] = [];
    const journal = {
      effect: async <V>(_key: string, _options: unknown, perform: () => Promise<V>) => perform(),
      checkpoint: async (key: string) => {
        recorded.push(key);
      },
      recordedStartOf: () => undefined,
    };
    await runWorkflow(document, { inputs: {}, invokeAgent, journal: { journal, runId: 'r' } });
    expect(requests.map((request) => request.journal?.key)).toEqual([
      'step-0/for/0/0/agent:Coder',
      'step-0/for/1/0/agent:Coder',
    ]);
    expect(recorded).toEqual(['step-0/for/0/0', 'step-0/for/1/0', 'step-0']);
  });

  it('reports the loop variable after the loop, a bad header and a concurrency below 1', () => {
    const diagnostics = diagnosticsOf(
      workflow(
        '      - for: item in [1]',
        '        steps: [ { Coder: "{{item}}" } ]',
        '      - Coder: "{{item}}"',
        '      - for: item in',
        '        steps: [ { Coder: "x" } ]',
        '      - for: i in [1]',
        '        concurrency: 0',
        '        steps: [ { Coder: "x" } ]',
      ),
    );
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['undefined_variable', 8],
      ['invalid_expression', 9],
      ['invalid_value', 12],
    ]);
  });

  it('loops with `item` when the header is just the list', async () => {
    const document = load(
      workflow(
        '      - set: { items: [a, b] }',
        '      - for: items',
        '        steps: [ { Coder: "{{item}} {{loop.index}}" } ]',
        '        save: first',
        '      - for: "{{first}}"',
        '        steps: [ { set: { last: "{{item}}" } } ]',
        '      - Coder: "{{last}}"',
      ),
    );
    const { invokeAgent, requests } = fakeInvoker();
    const result = await runWorkflow(document, { inputs: {}, invokeAgent });
    expect(requests.map((request) => request.message)).toEqual(['a 0', 'b 1', 'done b 1']);
    expect(result.variables).not.toHaveProperty('item');
  });

  it('fails with a located error when the value is not a list', async () => {
    const document = load(workflow('      - for: n in 3', '        steps: [ { Coder: "x" } ]'));
    await expect(runWorkflow(document, { inputs: {}, ...fakeInvoker() })).rejects.toThrow(
      '`for` needs a list',
    );
  });
});

describe('repeat steps', () => {
  it('runs until the condition holds, checked after each iteration', async () => {
    const document = load(
      workflow(
        '      - set: { n: 0 }',
        '      - repeat:',
        '          steps:',
        '            - set: { n: "{{n + 1}}", seen: "{{loop.count}}" }',
        '          until: "{{n}} >= 3"',
        '          max: "{{5}}"',
        '        save: final',
        '    output: "{{final.n}} {{seen}}"',
      ),
    );
    const result = await runWorkflow(document, { inputs: {}, ...fakeInvoker() });
    expect(result.output).toBe('3 3');
    expect(result.steps.at(-1)).toMatchObject({ kind: 'repeat', iterations: 3 });
  });

  it('stops at max (default 10)', async () => {
    const document = load(workflow('      - repeat:', '          steps: [ { set: { x: 1 } } ]'));
    const result = await runWorkflow(document, { inputs: {}, ...fakeInvoker() });
    expect(result.steps.at(-1)).toMatchObject({ kind: 'repeat', iterations: 10 });
  });

  it('reports unknown keys with did-you-mean', () => {
    const diagnostics = diagnosticsOf(
      workflow('      - repeat:', '          steps: [ { Coder: x } ]', '          untill: done'),
    );
    expect(diagnostics).toMatchObject([{ code: 'unknown_key', line: 8, hint: "did you mean 'until'?" }]);
  });
});
