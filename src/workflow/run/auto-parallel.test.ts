import { describe, expect, it } from 'vitest';
import { WorkflowLoadError } from '../../diagnostics/workflow-load-error.ts';
import { lines, load } from '../steps/step-test-kit.ts';
import { gatedInvoker } from './gated-invoker.ts';
import { runWorkflow } from './run-workflow.ts';

const team = (settings: string, ...steps: string[]) =>
  lines(
    settings,
    'agents:',
    '  Researcher: { system: You research. }',
    '  Critic: { system: You criticize. }',
    '  Writer: { system: You write. }',
    'workflows:',
    '  main:',
    '    inputs: [topic]',
    '    steps:',
    ...steps,
  );

/** The trace of a run: `start <key>` and `end <key>` in the order they happened. */
function traced() {
  const trace: string[] = [];
  return {
    trace,
    onStepStart: (step: { index: number; key?: string }) =>
      trace.push(`start ${step.key ?? `step-${step.index}`}`),
    onStepEnd: (record: { index: number; key?: string }) =>
      trace.push(`end ${record.key ?? `step-${record.index}`}`),
  };
}

/** Answers the held calls one at a time, newest first, until the run ends. */
async function answerNewestFirst(gate: ReturnType<typeof gatedInvoker>, calls: number): Promise<void> {
  for (let answered = 0; answered < calls; answered++) {
    await gate.waitForHeld(1);
    const call = gate.held.at(-1);
    call?.reply(`${call.request.agent} on ${call.request.message}`);
  }
}

describe('settings.auto_parallel', () => {
  it('runs consecutive agent steps to different agents together, keyed as without it', async () => {
    const document = load(
      team(
        'settings: { auto_parallel: true }',
        '      - Researcher: "Perspective A on {{topic}}"',
        '        save: a',
        '      - Critic: "Perspective B on {{topic}}"',
        '        save: b',
        '      - Writer: "Merge {{a}} and {{b}}"',
      ),
    );
    const gate = gatedInvoker();
    const { trace, ...events } = traced();
    const running = runWorkflow(document, {
      inputs: { topic: 'tides' },
      invokeAgent: gate.invokeAgent,
      ...events,
      journal: {
        journal: {
          effect: async (_key, _options, perform) => perform(),
          checkpoint: async () => {},
          recordedStartOf: () => undefined,
        },
        runId: 'r',
      },
    });
    await gate.waitForHeld(2);
    expect(gate.held.map((call) => call.request.journal?.key)).toEqual([
      'step-0/agent:Researcher',
      'step-1/agent:Critic',
    ]);
    await answerNewestFirst(gate, 3);
    const result = await running;
    // Both started before either ended: the trace shows them overlapping.
    expect(trace).toEqual([
      'start step-0',
      'start step-1',
      'end step-1',
      'end step-0',
      'start step-2',
      'end step-2',
    ]);
    expect(gate.requests.at(-1)?.message).toBe(
      'Merge Researcher on Perspective A on tides and Critic on Perspective B on tides',
    );
    expect(gate.requests.map((request) => request.branch)).toEqual([undefined, undefined, undefined]);
    expect(result.steps.map((record) => record.index)).toEqual([0, 1, 2]);
    expect(gate.maxHeld()).toBe(2);
  });

  it('keeps steps apart when one reads what another saves, or both go to the same agent', async () => {
    const document = load(
      team(
        'settings:\n  auto_parallel: true',
        '      - Researcher: "Facts on {{topic}}"',
        '        save: facts',
        '      - Critic: "Check {{facts}}"',
        '        id: check',
        '      - Writer: "Write from {{steps.check.output}}"',
        '      - Writer: "Polish it"',
      ),
    );
    const gate = gatedInvoker();
    const { trace, ...events } = traced();
    const running = runWorkflow(document, {
      inputs: { topic: 'tides' },
      invokeAgent: gate.invokeAgent,
      ...events,
    });
    await answerNewestFirst(gate, 4);
    await running;
    expect(gate.maxHeld()).toBe(1);
    expect(trace).toEqual([
      'start step-0',
      'end step-0',
      'start step-1',
      'end step-1',
      'start step-2',
      'end step-2',
      'start step-3',
      'end step-3',
    ]);
  });

  it('is off by default', async () => {
    const document = load(
      team('settings: {}', '      - Researcher: "A {{topic}}"', '      - Critic: "B {{topic}}"'),
    );
    const gate = gatedInvoker();
    const running = runWorkflow(document, { inputs: { topic: 't' }, invokeAgent: gate.invokeAgent });
    await answerNewestFirst(gate, 2);
    await running;
    expect(gate.maxHeld()).toBe(1);
  });

  it('must be true or false', () => {
    let diagnostics: readonly { code: string; line: number; column: number }[] = [];
    try {
      load(team('settings: { auto_parallel: sometimes }', '      - Researcher: "A {{topic}}"'));
    } catch (error) {
      if (!(error instanceof WorkflowLoadError)) throw error;
      diagnostics = error.diagnostics;
    }
    expect(diagnostics).toMatchObject([{ code: 'invalid_type', line: 1, column: 28 }]);
  });
});
