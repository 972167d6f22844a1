import { describe, expect, it } from 'vitest';
import type { Cost } from '../../spec/cost.ts';
import { type Usage, ZERO_USAGE } from '../../spec/usage.ts';
import { parseWorkflow } from '../load/parse-workflow.ts';
import { runWorkflow } from './run-workflow.ts';
import { WorkflowInputError } from './workflow-input-error.ts';
import type { AgentRequest, StepRecord, StepStart } from './workflow-result.ts';
import { WorkflowRunError } from './workflow-run-error.ts';

const usage: Usage = { ...ZERO_USAGE, inputTokens: 10, outputTokens: 5 };
const cost: Cost = {
  usd: 0.001,
  breakdown: { input: 0.0006, output: 0.0004, cacheRead: 0, cacheWrite: 0 },
  unpricedModels: [],
};

/** A fake invoker: replies with `reply(request)` and records every request. */
function fakeInvoker(
  reply: (request: AgentRequest) => string = (request) => `${request.agent}: ${request.message}`,
) {
  const requests: AgentRequest[] = [];
  const invokeAgent = async (request: AgentRequest) => {
    requests.push(request);
    return { text: reply(request), usage, cost };
  };
  return { requests, invokeAgent };
}

const lines = (...text: string[]): string => `${text.join('\n')}\n`;
const load = (text: string) => parseWorkflow(text, 'team.vega.yaml', { env: {}, directory: '/project' });

const team = load(
  lines(
    'agents:',
    '  Coder: { system: You code. }',
    '  Reviewer: { system: You review. }',
    'workflows:',
    '  code-review:',
    '    inputs:',
    '      task: { type: string }',
    '      words: { type: integer, default: 1000, min: 100, max: 5000 }',
    '      strict: { type: boolean, default: false }',
    '      tone: { default: calm, enum: [calm, blunt] }',
    '    steps:',
    '      - Coder: "Write {{task}} in {{words}} words"',
    '        save: code',
    '        id: draft',
    '      - Reviewer checks it:',
    '          send: "Review {{code}} (strict: {{strict}}, {{tone}})"',
    '          save: review',
    '      - set: { rounds: 1, notes: ["{{review}}", "{{steps.draft.output}}"] }',
    '    output:',
    '      code: "{{code}}"',
    '      review: "{{review}}"',
    '      notes: "{{notes}}"',
    '      rounds: "{{rounds}}"',
  ),
);

describe('runWorkflow', () => {
  it('interpolates messages, saves replies, renders the output map and records each step', async () => {
    const { requests, invokeAgent } = fakeInvoker();
    let now = 0;
    const started: StepStart[] = [];
    const ended: StepRecord[] = [];
    const result = await runWorkflow(team, {
      inputs: { task: 'a parser', words: '1500', strict: 'true' },
      invokeAgent: async (request) => {
        now += 250;
        return invokeAgent(request);
      },
      clock: { now: () => now },
      onStepStart: (step) => started.push(step),
      onStepEnd: (record) => ended.push(record),
    });

    expect(requests.map(({ agent, message, step }) => ({ agent, message, step }))).toEqual([
      { agent: 'Coder', message: 'Write a parser in 1500 words', step: { index: 0, id: 'draft' } },
      {
        agent: 'Reviewer',
        message: 'Review Coder: Write a parser in 1500 words (strict: true, calm)',
        step: { index: 1, description: 'checks it' },
      },
    ]);
    expect(result.output).toEqual({
      code: 'Coder: Write a parser in 1500 words',
      review: 'Reviewer: Review Coder: Write a parser in 1500 words (strict: true, calm)',
      notes: [
        'Reviewer: Review Coder: Write a parser in 1500 words (strict: true, calm)',
        'Coder: Write a parser in 1500 words',
      ],
      rounds: 1,
    });
    expect(result.variables).toMatchObject({
      task: 'a parser',
      words: 1500,
      strict: true,
      tone: 'calm',
      rounds: 1,
    });
    expect(result.steps).toEqual(ended);
    expect(result.steps).toEqual([
      {
        kind: 'agent',
        index: 0,
        id: 'draft',
        agent: 'Coder',
        message: 'Write a parser in 1500 words',
        text: 'Coder: Write a parser in 1500 words',
        usage,
        cost,
        durationMs: 250,
      },
      expect.objectContaining({
        kind: 'agent',
        index: 1,
        agent: 'Reviewer',
        description: 'checks it',
        durationMs: 250,
      }),
      { kind: 'set', index: 2, names: ['rounds', 'notes'], durationMs: 0 },
    ]);
    expect(started).toEqual([
      { index: 0, kind: 'agent', id: 'draft', agent: 'Coder' },
      { index: 1, kind: 'agent', agent: 'Reviewer', description: 'checks it' },
      { index: 2, kind: 'set' },
    ]);
  });

  it('returns the last step value without `output`, and gives the single input as `input`', async () => {
    const document = load(
      lines(
        'agents:',
        '  A: { system: s }',
        'workflows:',
        '  w:',
        '    inputs: [topic]',
        '    steps:',
        '      - A: "{{input}} = {{topic}}"',
      ),
    );
    const result = await runWorkflow(document, {
      inputs: { input: 'tea' },
      invokeAgent: fakeInvoker((request) => request.message).invokeAgent,
    });
    expect(result.output).toBe('tea = tea');
  });

  it('passes its signal to the agent and stops between steps when aborted', async () => {
    const controller = new AbortController();
    const { requests, invokeAgent } = fakeInvoker();
    const run = runWorkflow(team, {
      inputs: { task: 'x' },
      invokeAgent,
      signal: controller.signal,
      onStepEnd: () => controller.abort(new Error('stopped by the user')),
    });
    await expect(run).rejects.toThrow('stopped by the user');
    expect(requests).toHaveLength(1);
    expect(requests[0]?.signal).toBe(controller.signal);
  });

  it('does not start when already aborted', async () => {
    const { requests, invokeAgent } = fakeInvoker();
    await expect(
      runWorkflow(team, { inputs: { task: 'x' }, invokeAgent, signal: AbortSignal.abort() }),
    ).rejects.toThrow();
    expect(requests).toHaveLength(0);
  });

  it('reports a missing required input at its declaration, before any step', async () => {
    const { requests, invokeAgent } = fakeInvoker();
    const error = await runWorkflow(team, { inputs: {}, invokeAgent }).catch((caught: unknown) => caught);
    expect(WorkflowInputError.isWorkflowInputError(error)).toBe(true);
    expect((error as WorkflowInputError).inputs).toEqual(['task']);
    expect((error as Error).message).toBe(
      lines(
        "error: missing required input 'task' for workflow 'code-review'",
        ' --> team.vega.yaml:7:7',
        '  |',
        '6 |     inputs:',
        '7 |       task: { type: string }',
        '  |       ^^^^ pass it with --task value',
      ).trimEnd(),
    );
    expect(requests).toHaveLength(0);
  });

  it('reports every invalid or unknown input at once', async () => {
    const error = (await runWorkflow(team, {
      inputs: { task: 'x', words: '12.5', strict: 'maybe', tone: 'rude', tsk: 'y' },
      invokeAgent: fakeInvoker().invokeAgent,
    }).catch((caught: unknown) => caught)) as WorkflowInputError;
    expect(error.diagnostics.map(({ code, message, hint }) => ({ code, message, hint }))).toEqual([
      {
        code: 'unknown_input',
        message: "unknown input 'tsk' for workflow 'code-review'",
        hint: "did you mean 'task'?",
      },
      {
        code: 'invalid_input',
        message: "input 'words' of workflow 'code-review' must be an integer, got '12.5'",
        hint: 'pass a valid value with --words',
      },
      {
        code: 'invalid_input',
        message: "input 'strict' of workflow 'code-review' must be true or false, got 'maybe'",
        hint: 'pass a valid value with --strict',
      },
      {
        code: 'invalid_input',
        message: "input 'tone' of workflow 'code-review' must be one of 'calm', 'blunt', got 'rude'",
        hint: 'pass a valid value with --tone',
      },
    ]);
    const tooFew = (await runWorkflow(team, {
      inputs: { task: 'x', words: 50 },
      invokeAgent: fakeInvoker().invokeAgent,
    }).catch((caught: unknown) => caught)) as WorkflowInputError;
    expect(tooFew.diagnostics[0]?.message).toBe(
      "input 'words' of workflow 'code-review' must be at least 100, got 50",
    );
  });

  it('asks which workflow to run when there are several', async () => {
    const document = load(
      lines(
        'agents:',
        '  A: { system: s }',
        'workflows:',
        '  draft:',
        '    steps: [{ A: one }]',
        '  review:',
        '    steps: [{ A: two }]',
      ),
    );
    const { invokeAgent } = fakeInvoker();
    const error = await runWorkflow(document, { inputs: {}, invokeAgent }).catch((caught: unknown) => caught);
    expect(WorkflowRunError.isWorkflowRunError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'workflow_required' });
    expect((error as Error).message).toBe(
      lines(
        'error: this file has 2 workflows: draft, review',
        ' --> team.vega.yaml:4:3',
        '  |',
        '3 | workflows:',
        '4 |   draft:',
        '  |   ^^^^^ choose one with --workflow draft',
      ).trimEnd(),
    );
    await expect(
      runWorkflow(document, { workflow: 'reveiw', inputs: {}, invokeAgent }),
    ).rejects.toMatchObject({
      code: 'unknown_workflow',
      hint: "did you mean 'review'?",
    });
    expect((await runWorkflow(document, { workflow: 'review', inputs: {}, invokeAgent })).output).toBe(
      'A: two',
    );
  });

  it('reports a bad path at run time at its place in the file', async () => {
    const document = load(
      lines(
        'agents:',
        '  A: { system: s }',
        'workflows:',
        '  w:',
        '    steps:',
        '      - A: one',
        '        save: code',
        '      - A: "{{ code.summary }}"',
      ),
    );
    const error = await runWorkflow(document, { inputs: {}, invokeAgent: fakeInvoker().invokeAgent }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({
      code: 'invalid_path',
      diagnostics: [
        { line: 8, column: 13, message: "cannot read 'code.summary': it is text, which has no fields" },
      ],
    });
  });
});
