import { describe, expect, it } from 'vitest';
import { ZERO_COST } from '../../cost/add-costs.ts';
import { VegaError } from '../../errors/vega-error.ts';
import { ZERO_USAGE } from '../../spec/usage.ts';
import { runWorkflow } from '../run/run-workflow.ts';
import type { AgentRequest, StepRecord } from '../run/workflow-result.ts';
import { WorkflowRunError } from '../run/workflow-run-error.ts';
import { WorkflowStepError } from '../run/workflow-step-error.ts';
import { diagnosticsOf, lines, load } from './step-test-kit.ts';

const team = (...rest: string[]) => lines('agents:', '  Coder: { system: You code. }', ...rest);

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

const REVIEW = team(
  'workflows:',
  '  main:',
  '    inputs: [task]',
  '    steps:',
  '      - Coder: "Write {{task}}"',
  '        save: code',
  '      - workflow: review-code',
  '        with: { code: "{{code}}", rounds: "2" }',
  '        save: review',
  '    output: { review: "{{review}}", code: "{{code}}" }',
  '  review-code:',
  '    inputs:',
  '      code: { type: string }',
  '      rounds: { type: integer, default: 1, min: 1, max: 3 }',
  '      tone: { type: string, default: kind, enum: [kind, blunt] }',
  '    steps:',
  '      - Coder: "Review {{code}} in {{rounds}} rounds, {{tone}}"',
  '        save: verdict',
  '    output: "{{verdict}} ({{inputs.rounds + 1}})"',
);

describe('workflow steps (sub-workflows)', () => {
  it('runs another workflow with its own checked inputs and gives its output', async () => {
    const { messages, invokeAgent } = fakeInvoker();
    const records: StepRecord[] = [];
    const result = await runWorkflow(load(REVIEW), {
      workflow: 'main',
      inputs: { task: 'a parser' },
      invokeAgent,
      onStepEnd: (record) => records.push(record),
    });
    expect(messages).toEqual(['Write a parser', 'Review done Write a parser in 2 rounds, kind']);
    expect(result.output).toEqual({
      review: 'done Review done Write a parser in 2 rounds, kind (3)',
      code: 'done Write a parser',
    });
    // The sub-workflow's variables stay its own.
    expect(result.variables).not.toHaveProperty('verdict');
    expect(records.map((record) => record.key ?? `step-${record.index}`)).toEqual([
      'step-0',
      'step-1/workflow/0',
      'step-1',
    ]);
    expect(records.at(-1)).toMatchObject({ kind: 'workflow', workflow: 'review-code' });
  });

  it('checks the inputs at run time like a run`s: a value out of range fails before the first step', async () => {
    const text = REVIEW.replace('rounds: "2"', 'rounds: "{{task | length}}"');
    const { messages, invokeAgent } = fakeInvoker();
    const failure = await runWorkflow(load(text), {
      workflow: 'main',
      inputs: { task: 'a long task' },
      invokeAgent,
    }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'invalid_input', inputs: ['rounds'] });
    expect(messages).toEqual(['Write a long task']);
  });

  it('recurses, with `return` ending only the sub-workflow it is in', async () => {
    const document = load(
      team(
        'workflows:',
        '  countdown:',
        '    inputs:',
        '      n: { type: integer }',
        '    steps:',
        '      - if: "n == 0"',
        '        then:',
        '          - return: "liftoff"',
        '      - workflow: countdown',
        '        with: { n: "{{n - 1}}" }',
        '        save: rest',
        '      - return: "{{n}} {{rest}}"',
        '      - Coder: "never reached"',
      ),
    );
    const { messages, invokeAgent } = fakeInvoker();
    const records: StepRecord[] = [];
    const result = await runWorkflow(document, {
      inputs: { n: 3 },
      invokeAgent,
      onStepEnd: (record) => records.push(record),
    });
    expect(result.output).toBe('3 2 1 liftoff');
    expect(messages).toEqual([]);
    // Each level's steps are keyed under its caller's; the steps a `return` cut short leave no record.
    expect(records.map((record) => record.key ?? `step-${record.index}`)).toEqual([
      'step-0',
      'step-1/workflow/0',
      'step-1/workflow/1/workflow/0',
      'step-1/workflow/1/workflow/1',
      'step-1/workflow/1',
      'step-1',
    ]);
  });

  it('stops a recursion deeper than settings.max_depth with the chain of workflows', async () => {
    const document = load(
      lines(
        'settings: { max_depth: 3 }',
        'agents:',
        '  Coder: { system: You code. }',
        'workflows:',
        '  forever:',
        '    steps:',
        '      - Coder: "again"',
        '      - workflow: forever',
      ),
    );
    const { messages, invokeAgent } = fakeInvoker();
    const failure = await runWorkflow(document, { inputs: {}, invokeAgent }).catch((error: unknown) => error);
    expect(WorkflowRunError.isWorkflowRunError(failure)).toBe(true);
    expect(failure).toMatchObject({ code: 'max_depth_exceeded' });
    const [diagnostic] = (failure as WorkflowRunError).diagnostics;
    expect(diagnostic).toMatchObject({ line: 8, column: 19, code: 'max_depth_exceeded' });
    expect(diagnostic?.message).toBe(
      'workflows nest deeper than settings.max_depth (3): forever → forever → forever → forever → forever',
    );
    expect(messages).toHaveLength(4);
  });

  it('says which workflow and step failed, and catch sees the failure inside', async () => {
    const document = load(
      team(
        'workflows:',
        '  main:',
        '    steps:',
        '      - try:',
        '          - workflow: fragile',
        '        catch:',
        '          - set: { seen: "{{error.type}} at {{error.step}}" }',
        '      - workflow: fragile',
        '  fragile:',
        '    steps:',
        '      - Coder: "fine"',
        '      - Coder breaks: "FAIL inside"',
      ),
    );
    const { invokeAgent } = fakeInvoker();
    const failure = await runWorkflow(document, { workflow: 'main', inputs: {}, invokeAgent }).catch(
      (error: unknown) => error,
    );
    expect(WorkflowStepError.isWorkflowStepError(failure)).toBe(true);
    expect(failure).toMatchObject({ workflow: 'fragile', step: 'breaks', chain: ['main', 'fragile'] });
    expect((failure as Error).message).toBe(
      "workflow 'fragile' failed at step 'breaks': the agent could not: FAIL inside",
    );
    expect((failure as Error).cause).toMatchObject({ code: 'tool_failed' });
  });

  it('reports an unknown workflow, an unknown `with` key and a missing required input, in one pass', () => {
    const diagnostics = diagnosticsOf(
      team(
        'settings: { max_depth: 0 }',
        'workflows:',
        '  main:',
        '    steps:',
        '      - workflow: reveiw',
        '      - workflow: review',
        '        with: { cod: "x" }',
        '      - workflow: review',
        '        with: { code: "x", extra: 1 }',
        '  review:',
        '    inputs:',
        '      code: { type: string }',
        '      tone: { type: string, default: kind }',
        '    steps:',
        '      - Coder: "Review {{code}} {{tone}}"',
      ),
    );
    expect(diagnostics.map((d) => [d.code, d.line, d.column, d.hint])).toEqual([
      ['invalid_value', 3, 24, undefined],
      ['unknown_workflow', 7, 19, "did you mean 'review'?"],
      ['missing_input', 9, 9, 'add it: `with: { code: "…" }`'],
      ['unknown_input', 9, 17, "did you mean 'code'? (its inputs: code, tone)"],
      ['unknown_input', 11, 28, 'its inputs: code, tone'],
    ]);
  });
});
