import { describe, expect, it } from 'vitest';
import { ZERO_COST } from '../../cost/add-costs.ts';
import { ZERO_USAGE } from '../../spec/usage.ts';
import { autoParallelGroups } from '../run/auto-parallel-groups.ts';
import { runWorkflow } from '../run/run-workflow.ts';
import type { AgentRequest, StepRecord } from '../run/workflow-result.ts';
import { diagnosticsOf, lines, load } from './step-test-kit.ts';

// `if:` on an agent step, beside the agent or inside its map: a falsy condition skips the step.

const workflow = (...steps: string[]) =>
  lines(
    'agents:',
    '  Coder: { system: You code. }',
    '  Tester: { system: You test. }',
    'workflows:',
    '  main:',
    '    inputs:',
    '      needs_code: { type: boolean }',
    '    steps:',
    ...steps,
  );

async function run(text: string, inputs: Record<string, unknown>) {
  const requests: AgentRequest[] = [];
  const records: StepRecord[] = [];
  const result = await runWorkflow(load(text), {
    inputs,
    invokeAgent: async (request) => {
      requests.push(request);
      return { text: `done ${request.message}`, usage: ZERO_USAGE, cost: ZERO_COST };
    },
    onStepEnd: (record) => records.push(record),
  });
  return { result, requests, records };
}

const BOTH_FORMS = workflow(
  '      - set: { code: none }',
  '      - Coder: "Write it"',
  '        if: "needs_code"',
  '        save: code',
  '      - Tester checks the code:',
  '          send: "Test {{code}}"',
  '          if: "{{code}} != \'none\'"',
  '          save: report',
  '    output: { code: "{{code}}", report: "{{report | default:\'none\'}}" }',
);

describe('`if:` on an agent step', () => {
  it('sends the message when the condition holds, in either form', async () => {
    const { result, requests } = await run(BOTH_FORMS, { needs_code: true });
    expect(requests.map((request) => request.message)).toEqual(['Write it', 'Test done Write it']);
    expect(result.output).toEqual({ code: 'done Write it', report: 'done Test done Write it' });
  });

  it('skips the step when the condition is false: value null, save unchanged, record skipped', async () => {
    const { result, requests, records } = await run(BOTH_FORMS, { needs_code: false });
    expect(requests).toEqual([]);
    expect(result.output).toEqual({ code: 'none', report: 'none' });
    expect(result.variables).not.toHaveProperty('report');
    expect(records.slice(1)).toMatchObject([
      { index: 1, kind: 'agent', agent: 'Coder', skipped: true, message: '', text: '' },
      { index: 2, kind: 'agent', agent: 'Tester', description: 'checks the code', skipped: true },
    ]);
  });

  it('gives null as the value of a skipped last step', async () => {
    const { result } = await run(workflow('      - Coder: "Write it"', '        if: needs_code'), {
      needs_code: false,
    });
    expect(result.output).toBeNull();
  });

  it('checks the names the condition reads and its syntax', () => {
    const diagnostics = diagnosticsOf(
      workflow(
        '      - Coder: "Write it"',
        '        if: "needs_cod"',
        '      - Tester: "Test it"',
        '        if: "needs_code and"',
      ),
    );
    expect(diagnostics.map((d) => [d.code, d.line, d.hint ?? ''])).toEqual([
      ['undefined_variable', 10, expect.stringContaining('needs_code')],
      ['invalid_expression', 12, expect.any(String)],
    ]);
  });

  it('keeps a step out of an auto_parallel group when its condition reads what the group saves', () => {
    const document = load(
      workflow(
        '      - Coder: "Write it"',
        '        save: code',
        '      - Tester: "Test it"',
        '        if: "code != \'\'"',
      ),
    );
    const steps = document.workflows.get('main')?.steps ?? [];
    expect(autoParallelGroups(steps).map((group) => group.length)).toEqual([1, 1]);
  });
});
