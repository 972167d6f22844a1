import { describe, expect, it } from 'vitest';
import { parseWorkflow } from './parse-workflow.ts';

// The warnings of the static check: a variable saved but never read, an agent no step uses. Each case
// here is a workflow that reads everything it saves and uses every agent, so it must get none.

const lines = (...text: string[]): string => `${text.join('\n')}\n`;
const warningsOf = (text: string) =>
  parseWorkflow(text, 'team.vega.yaml', { env: {}, directory: '/project' }).warnings.map(
    (warning) => `${warning.line}:${warning.column} ${warning.code} ${warning.message}`,
  );
const workflow = (...steps: string[]) =>
  lines(
    'agents:',
    '  Coder: { system: You code. }',
    '  Fixer: { system: You fix. }',
    'workflows:',
    '  main:',
    '    inputs: [ready]',
    '    steps:',
    ...steps,
  );

describe('no false "saved but never read" warnings', () => {
  it('reads what both `then` and `else` save, and what a `then` without `else` overrides', () => {
    expect(
      warningsOf(
        workflow(
          '      - if: ready',
          '        then: [ { Coder: "a", save: draft } ]',
          '        else: [ { Fixer: "b", save: draft } ]',
          '      - set: { note: none }',
          '      - if: ready',
          '        then: [ { set: { note: set } } ]',
          '      - Coder: "{{draft}} {{note}}"',
        ),
      ),
    ).toEqual([]);
  });

  it('reads what both `try` and `catch` save', () => {
    expect(
      warningsOf(
        workflow(
          '      - try: [ { Coder: "a", save: draft } ]',
          '        catch: [ { Fixer: "{{error.message}}", save: draft } ]',
          '      - Coder: "{{draft}}"',
        ),
      ),
    ).toEqual([]);
  });

  it('reads what a loop body saves for its next iteration', () => {
    expect(
      warningsOf(
        workflow(
          '      - set: { draft: "" }',
          '      - repeat:',
          '          steps: [ { Coder: "improve {{draft}}", save: draft } ]',
          '          until: "ready"',
          '          max: 3',
          '      - for: n in [1, 2]',
          '        steps: [ { Fixer: "{{n}} {{fixed | default:\'\'}}", save: fixed } ]',
          '      - Coder: "done"',
        ),
      ),
    ).toEqual([]);
  });

  it('still warns about a save nothing reads, overwritten or last', () => {
    expect(
      warningsOf(
        workflow(
          '      - Coder: "a"',
          '        save: draft',
          '      - Coder: "b"',
          '        save: draft',
          '      - Fixer: "c"',
        ),
      ),
    ).toEqual([
      "9:15 unused_variable variable 'draft' is saved but never read in workflow 'main'",
      "11:15 unused_variable variable 'draft' is saved but never read in workflow 'main'",
    ]);
  });
});

describe('agents used anywhere are used', () => {
  it('counts `on_timeout`, `compensate`, `catch`, `finally`, the same-agent `parallel` and `extends`', () => {
    const text = lines(
      'agents:',
      '  Base: { system: You are careful. }',
      '  Coder: { extends: Base }',
      '  Waiter: { system: You wait. }',
      '  Undoer: { system: You undo. }',
      '  Catcher: { system: You catch. }',
      '  Closer: { system: You close. }',
      '  Fanned: { system: You fan out. }',
      '  Idle: { system: You idle. }',
      'workflows:',
      '  main:',
      '    steps:',
      '      - Coder: "a"',
      '        timeout: 1m',
      '        on_timeout: [ { Waiter: "late" } ]',
      '        compensate: [ { Undoer: "undo" } ]',
      '      - try: [ { Coder: "b" } ]',
      '        catch: [ { Catcher: "c" } ]',
      '        finally: [ { Closer: "d" } ]',
      '      - parallel: { agent: Fanned, inputs: [x, y] }',
    );
    expect(warningsOf(text)).toEqual(["9:3 unused_agent agent 'Idle' is not used by any workflow"]);
  });
});
