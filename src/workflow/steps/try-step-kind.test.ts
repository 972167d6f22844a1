import { describe, expect, it } from 'vitest';
import { ZERO_COST } from '../../cost/add-costs.ts';
import { VegaError } from '../../errors/vega-error.ts';
import { ZERO_USAGE } from '../../spec/usage.ts';
import { runWorkflow } from '../run/run-workflow.ts';
import type { AgentRequest, StepRecord } from '../run/workflow-result.ts';
import { diagnosticsOf, load, workflow } from './step-test-kit.ts';

/** Answers `done <message>`; a message starting with `FAIL` fails with code `tool_failed`. */
function fakeInvoker() {
  const messages: string[] = [];
  const invokeAgent = async (request: AgentRequest) => {
    messages.push(request.message);
    if (request.message.startsWith('FAIL'))
      throw new VegaError('tool_failed', `the agent could not: ${request.message}`);
    return { text: `done ${request.message}`, usage: ZERO_USAGE, cost: ZERO_COST };
  };
  return { messages, invokeAgent };
}

async function run(text: string, inputs: Record<string, unknown> = {}) {
  const { messages, invokeAgent } = fakeInvoker();
  const records: StepRecord[] = [];
  const result = await runWorkflow(load(text), { inputs, invokeAgent, onStepEnd: (r) => records.push(r) });
  return { result, messages, records };
}

describe('try / catch / finally', () => {
  it('gives the try block its value when it succeeds, skips catch and runs finally', async () => {
    const { result, messages, records } = await run(
      workflow(
        '      - try:',
        '          - Coder: "Write it"',
        '        catch:',
        '          - Coder: "Recover"',
        '        finally:',
        '          - set: { cleaned: true }',
      ),
    );
    expect(result.output).toBe('done Write it');
    expect(messages).toEqual(['Write it']);
    expect(result.variables).toMatchObject({ cleaned: true });
    expect(records.map((r) => [r.key ?? `step-${r.index}`, r.kind])).toEqual([
      ['step-0/try/0', 'agent'],
      ['step-0/finally/0', 'set'],
      ['step-0', 'try'],
    ]);
    expect(records.at(-1)).toMatchObject({ kind: 'try', caught: false });
  });

  it('runs catch with `error` { message, type, step } naming the innermost failed step, then finally', async () => {
    const { result, messages, records } = await run(
      workflow(
        '      - try:',
        '          - Coder: "First"',
        '          - if: "true"',
        '            then:',
        '              - Coder writes the risky part: "FAIL here"',
        '          - Coder: "Never"',
        '        catch:',
        '          - set: { seen: "{{error.type}} at {{error.step}}: {{error.message}}" }',
        '          - Coder: "Recover from {{error.step}}"',
        '        finally:',
        '          - Coder: "Clean up"',
      ),
    );
    expect(messages).toEqual(['First', 'FAIL here', 'Recover from writes the risky part', 'Clean up']);
    expect(result.variables.seen).toBe(
      'tool_failed at writes the risky part: the agent could not: FAIL here',
    );
    // The step's value is catch's last value; `error` is not left behind as a variable.
    expect(result.output).toBe('done Recover from writes the risky part');
    expect(result.variables).not.toHaveProperty('error');
    expect(records.at(-1)).toMatchObject({
      kind: 'try',
      caught: true,
      error: { type: 'tool_failed', step: 'writes the risky part' },
    });
    expect(records.map((r) => r.key)).toContain('step-0/catch/1');
  });

  it('propagates an error raised in catch, after running finally', async () => {
    const { messages, invokeAgent } = fakeInvoker();
    const document = load(
      workflow(
        '      - try:',
        '          - Coder: "FAIL first"',
        '        catch:',
        '          - Coder: "FAIL again"',
        '        finally:',
        '          - Coder: "Clean up"',
        '      - Coder: "After"',
      ),
    );
    await expect(runWorkflow(document, { inputs: {}, invokeAgent })).rejects.toThrow(
      'the agent could not: FAIL again',
    );
    expect(messages).toEqual(['FAIL first', 'FAIL again', 'Clean up']);
  });

  it('with only finally, runs it and lets the failure through', async () => {
    const { messages, invokeAgent } = fakeInvoker();
    const document = load(
      workflow('      - try: [ { Coder: "FAIL now" } ]', '        finally: [ { Coder: "Clean up" } ]'),
    );
    await expect(runWorkflow(document, { inputs: {}, invokeAgent })).rejects.toThrow('FAIL now');
    expect(messages).toEqual(['FAIL now', 'Clean up']);
  });

  it('never catches an abort and does not run finally after one', async () => {
    const controller = new AbortController();
    const messages: string[] = [];
    const document = load(
      workflow(
        '      - try: [ { Coder: "Stop the run" } ]',
        '        catch: [ { Coder: "Recover" } ]',
        '        finally: [ { Coder: "Clean up" } ]',
      ),
    );
    const invokeAgent = async (request: AgentRequest) => {
      messages.push(request.message);
      controller.abort();
      throw request.signal.reason;
    };
    await expect(
      runWorkflow(document, { inputs: {}, invokeAgent, signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(messages).toEqual(['Stop the run']);
  });

  it('reports a try without catch or finally, misspelt keys and `error` read outside catch', () => {
    const diagnostics = diagnosticsOf(
      workflow(
        '      - try: [ { Coder: "x" } ]',
        '      - try: [ { Coder: "y" } ]',
        '        cach: [ { Coder: "z" } ]',
        '      - try: [ { Coder: "w" } ]',
        '        finally: [ { Coder: "{{error.message}}" } ]',
      ),
    );
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['missing_key', 6, 9],
      ['missing_key', 7, 9],
      ['unknown_key', 8, 9],
      ['undefined_variable', 10, 30],
    ]);
    expect(diagnostics[0]?.hint).toContain('`catch: [ … ]`');
    expect(diagnostics[2]?.hint).toBe("did you mean 'catch'?");
    expect(diagnostics[3]).toMatchObject({
      message: '`error` is not defined here',
      hint: expect.stringContaining('inside `catch: [ … ]`'),
    });
  });

  it('defines `error` inside catch for the static check', () => {
    expect(() =>
      load(
        workflow(
          '      - try: [ { Coder: "x" } ]',
          '        catch: [ { Coder: "Saw {{error.message}} in {{error.step}}" } ]',
        ),
      ),
    ).not.toThrow();
  });
});

describe('return', () => {
  it('ends the workflow from inside a for inside a try, runs finally, and skips `output`', async () => {
    const { result, messages } = await run(
      workflow(
        '      - set: { items: [a, b, c] }',
        '      - try:',
        '          - for: item in items',
        '            steps:',
        '              - Coder: "Look at {{item}}"',
        '                save: seen',
        '              - if: "item == \'b\'"',
        '                then:',
        '                  - return: { found: "{{item}}", reply: "{{seen}}" }',
        '        finally:',
        '          - Coder: "Clean up"',
        '      - Coder: "Never reached"',
        '    output: "not rendered"',
      ),
    );
    expect(result.output).toEqual({ found: 'b', reply: 'done Look at b' });
    expect(messages).toEqual(['Look at a', 'Look at b', 'Clean up']);
  });

  it('ends the workflow from a parallel branch, after the branch`s finally', async () => {
    const { result, messages } = await run(
      workflow(
        '      - parallel:',
        '          - Coder: "Branch A"',
        '          - try:',
        '              - return: "from branch B"',
        '            finally: [ { Coder: "Clean up B" } ]',
        '      - Coder: "Never reached"',
      ),
    );
    expect(result.output).toBe('from branch B');
    expect([...messages].sort()).toEqual(['Branch A', 'Clean up B']);
  });

  it('is not caught by catch, and `return:` alone gives null', async () => {
    const { result, messages } = await run(
      workflow(
        '      - try:',
        '          - return:',
        '        catch: [ { Coder: "Recover" } ]',
        '      - Coder: "Never reached"',
      ),
    );
    expect(result.output).toBeNull();
    expect(messages).toEqual([]);
  });

  it('reports an undefined name in its value and keys it does not take', () => {
    const diagnostics = diagnosticsOf(
      workflow('      - return: "{{cod}}"', '        save: x', '        id: done'),
    );
    expect(diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([
      ['undefined_variable', 6, "undefined variable 'cod' in workflow 'main'"],
      ['unknown_key', 7, '`save` does not belong in a `return` step'],
      ['unknown_key', 8, '`id` does not belong in a `return` step'],
    ]);
  });
});
