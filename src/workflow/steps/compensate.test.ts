import { describe, expect, it } from 'vitest';
import { ZERO_COST } from '../../cost/add-costs.ts';
import { VegaError } from '../../errors/vega-error.ts';
import { ZERO_USAGE } from '../../spec/usage.ts';
import { compensationErrorsOf } from '../run/compensation-stack.ts';
import { runWorkflow } from '../run/run-workflow.ts';
import type { AgentRequest, StepRecord } from '../run/workflow-result.ts';
import { diagnosticsOf, lines, load } from './step-test-kit.ts';

const team = (...rest: string[]) => lines('agents:', '  Coder: { system: You code. }', ...rest);
const workflow = (...steps: string[]) => team('workflows:', '  main:', '    steps:', ...steps);

/** Fails every message starting with `FAIL` (code `tool_failed`); answers the others. */
async function runFailing(text: string, workflowName?: string) {
  const messages: string[] = [];
  const records: StepRecord[] = [];
  const invokeAgent = async (request: AgentRequest) => {
    messages.push(request.message);
    if (request.message.startsWith('FAIL'))
      throw new VegaError('tool_failed', `could not: ${request.message}`);
    return { text: `done ${request.message}`, usage: ZERO_USAGE, cost: ZERO_COST };
  };
  const failure = await runWorkflow(load(text), {
    ...(workflowName === undefined ? {} : { workflow: workflowName }),
    inputs: {},
    invokeAgent,
    onStepEnd: (record) => records.push(record),
  }).then(
    () => undefined,
    (error: unknown) => error,
  );
  return { failure, messages, records };
}

describe('compensate', () => {
  it('runs the compensations of completed steps newest first when a later step fails, then fails', async () => {
    const { failure, messages, records } = await runFailing(
      workflow(
        '      - Coder: "Book the flight"',
        '        save: flight',
        '        compensate: [ { Coder: "Cancel {{flight}}" } ]',
        '      - set: { nights: 2 }',
        '      - Coder: "Book the hotel"',
        '        compensate:',
        '          - Coder: "Cancel the hotel for {{nights}} nights"',
        '      - Coder: "FAIL to book the car"',
        '        compensate: [ { Coder: "Cancel the car" } ]',
      ),
    );
    expect(failure).toMatchObject({ code: 'tool_failed', message: 'could not: FAIL to book the car' });
    expect(messages).toEqual([
      'Book the flight',
      'Book the hotel',
      'FAIL to book the car',
      'Cancel the hotel for 2 nights',
      'Cancel done Book the flight',
    ]);
    expect(records.map((record) => record.key).filter(Boolean)).toEqual([
      'step-2/compensate/0',
      'step-0/compensate/0',
    ]);
    expect(compensationErrorsOf(failure)).toEqual([]);
  });

  it('compensates each completed iteration of a repeat when a later iteration fails', async () => {
    const { failure, messages } = await runFailing(
      workflow(
        '      - repeat:',
        '          steps:',
        "            - Coder: \"{{'FAIL' if loop.index == 2 else 'Reserve'}} seat {{loop.index}}\"",
        '              compensate: [ { Coder: "Release seat {{loop.index}}" } ]',
        '          max: 5',
      ),
    );
    expect(failure).toMatchObject({ code: 'tool_failed' });
    // Each compensation sees the loop variables of the iteration it undoes.
    expect(messages).toEqual([
      'Reserve seat 0',
      'Reserve seat 1',
      'FAIL seat 2',
      'Release seat 1',
      'Release seat 0',
    ]);
    expect(compensationErrorsOf(failure)).toEqual([]);
  });

  it('runs no compensation for a failure a try catches, and all of them for a later uncaught one', async () => {
    const { failure, messages } = await runFailing(
      workflow(
        '      - try:',
        '          - Coder: "Reserve A"',
        '            compensate: [ { Coder: "Release A" } ]',
        '          - Coder: "FAIL B"',
        '        catch:',
        '          - Coder: "Note {{error.message}}"',
        '      - Coder: "Reserve C"',
        '        compensate: [ { Coder: "Release C" } ]',
        '      - Coder: "FAIL D"',
      ),
    );
    expect(failure).toMatchObject({ message: 'could not: FAIL D' });
    expect(messages).toEqual([
      'Reserve A',
      'FAIL B',
      'Note could not: FAIL B',
      'Reserve C',
      'FAIL D',
      'Release C',
      'Release A',
    ]);
  });

  it('keeps going when a compensation fails, and keeps its error on the failure', async () => {
    const { failure, messages } = await runFailing(
      workflow(
        '      - Coder: "Reserve A"',
        '        compensate: [ { Coder: "Release A" } ]',
        '      - Coder: "Reserve B"',
        '        id: reserve_b',
        '        compensate: [ { Coder undoes B: "FAIL to release B" } ]',
        '      - Coder: "FAIL C"',
      ),
    );
    expect(failure).toMatchObject({ message: 'could not: FAIL C' });
    expect(messages.slice(-2)).toEqual(['FAIL to release B', 'Release A']);
    expect(compensationErrorsOf(failure)).toEqual([
      { message: 'could not: FAIL to release B', type: 'tool_failed', step: 'undoes B' },
    ]);
  });

  it('compensates inside a failing sub-workflow first, then in its caller', async () => {
    const { failure, messages } = await runFailing(
      team(
        'workflows:',
        '  main:',
        '    steps:',
        '      - Coder: "Outer work"',
        '        compensate: [ { Coder: "Undo outer" } ]',
        '      - workflow: inner',
        '  inner:',
        '    steps:',
        '      - Coder: "Inner work"',
        '        compensate: [ { Coder: "Undo inner" } ]',
        '      - Coder: "FAIL inside"',
      ),
      'main',
    );
    expect(failure).toMatchObject({ code: 'sub_workflow_failed', workflow: 'inner' });
    expect(messages).toEqual(['Outer work', 'Inner work', 'FAIL inside', 'Undo inner', 'Undo outer']);
  });

  it('reports `compensate` inside an agent map, a non-list, and undefined names in it', () => {
    const diagnostics = diagnosticsOf(
      workflow(
        '      - Coder writes:',
        '          send: "x"',
        '          compensate: [ { Coder: "undo" } ]',
        '      - set: { a: 1 }',
        '        compensate: nope',
        '      - Coder: "y"',
        '        compensate: [ { Coder: "undo {{missing}}" } ]',
      ),
    );
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['misplaced_key', 8, 11],
      ['invalid_type', 10, 21],
      ['undefined_variable', 12, 38],
    ]);
    expect(diagnostics[0]?.hint).toContain('out to the level of the step');
  });
});
