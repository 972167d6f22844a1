import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from './diagnostic.ts';
import { renderDiagnostic } from './render-diagnostic.ts';
import { WorkflowLoadError } from './workflow-load-error.ts';

const source = [
  'workflows:',
  '  code-review:',
  '    steps:',
  '      - Cder writes code:',
  '          send: hi',
].join('\n');
const unknownAgent: Diagnostic = {
  severity: 'error',
  code: 'unknown_agent',
  message: "unknown agent 'Cder' in workflow 'code-review'",
  file: 'team.vega.yaml',
  line: 4,
  column: 9,
  length: 4,
  hint: "did you mean 'Coder'?",
};

describe('renderDiagnostic', () => {
  it('renders the format of the spec', () => {
    expect(renderDiagnostic(unknownAgent, source, { color: false })).toBe(
      [
        "error: unknown agent 'Cder' in workflow 'code-review'",
        ' --> team.vega.yaml:4:9',
        '  |',
        '3 |     steps:',
        '4 |       - Cder writes code:',
        "  |         ^^^^ did you mean 'Coder'?",
      ].join('\n'),
    );
  });

  it('widens the gutter for two-digit lines, as in the spec', () => {
    const longer = `${'\n'.repeat(43)}    steps:\n      - Cder writes code:\n`;
    expect(renderDiagnostic({ ...unknownAgent, line: 45 }, longer)).toBe(
      [
        "error: unknown agent 'Cder' in workflow 'code-review'",
        '  --> team.vega.yaml:45:9',
        '   |',
        '44 |     steps:',
        '45 |       - Cder writes code:',
        "   |         ^^^^ did you mean 'Coder'?",
      ].join('\n'),
    );
  });

  it('shows no line before the first and clamps the marker to the line', () => {
    const diagnostic: Diagnostic = {
      severity: 'warning',
      code: 'x',
      message: 'm',
      file: 'f',
      line: 1,
      column: 3,
      length: 99,
    };
    expect(renderDiagnostic(diagnostic, 'abcd\nefg')).toBe(
      ['warning: m', ' --> f:1:3', '  |', '1 | abcd', '  |   ^^'].join('\n'),
    );
  });

  it('keeps the marker under the span when the line has tabs', () => {
    const diagnostic: Diagnostic = {
      severity: 'error',
      code: 'x',
      message: 'm',
      file: 'f',
      line: 1,
      column: 3,
      length: 1,
    };
    expect(renderDiagnostic(diagnostic, 'a\tb').split('\n').slice(3)).toEqual(['1 | a    b', '  |      ^']);
  });

  it('colours only when asked', () => {
    const colored = renderDiagnostic(unknownAgent, source, { color: true });
    expect(colored).toContain('\x1b[1;31merror\x1b[0m');
    expect(stripVTControlCharacters(colored)).toBe(renderDiagnostic(unknownAgent, source, { color: false }));
  });
});

describe('WorkflowLoadError', () => {
  it('has the first error, rendered, as its message and keeps every diagnostic', () => {
    const warning: Diagnostic = { ...unknownAgent, severity: 'warning', line: 1, column: 1 };
    const error = new WorkflowLoadError([unknownAgent, warning], new Map([['team.vega.yaml', source]]));
    expect(error.code).toBe('invalid_workflow');
    expect(error.message).toBe(renderDiagnostic(unknownAgent, source));
    expect(error.hint).toBe("did you mean 'Coder'?");
    expect(error.diagnostics.map((diagnostic) => diagnostic.line)).toEqual([1, 4]);
    expect(error.errors).toEqual([unknownAgent]);
    expect(WorkflowLoadError.isWorkflowLoadError(error)).toBe(true);
    expect(WorkflowLoadError.isWorkflowLoadError(new Error('x'))).toBe(false);
  });
});
