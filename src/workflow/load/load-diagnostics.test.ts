// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are the DSL's own ${VAR} syntax.
import { describe, expect, it } from 'vitest';
import { WorkflowLoadError } from '../../diagnostics/workflow-load-error.ts';
import { parseWorkflow } from './parse-workflow.ts';

function loadError(text: string): WorkflowLoadError {
  try {
    parseWorkflow(text, 'team.vega.yaml', { env: {}, directory: '/project' });
  } catch (error) {
    if (WorkflowLoadError.isWorkflowLoadError(error)) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

describe('load diagnostics, rendered', () => {
  it('YAML syntax error', () => {
    const error = loadError(lines('agents:', '  Coder:', '    system: [unclosed', 'workflows: {}'));
    expect(error.diagnostics).toHaveLength(1);
    expect(error.message).toBe(
      lines(
        'error: invalid YAML: flow sequence in block collection must be sufficiently indented and end with a ]',
        ' --> team.vega.yaml:4:1',
        '  |',
        '3 |     system: [unclosed',
        '4 | workflows: {}',
        '  | ^',
      ).trimEnd(),
    );
  });

  it('unknown document key', () => {
    const error = loadError(lines('agents:', '  Coder: { system: s }', 'workflow:', '  w: {}'));
    expect(error.message).toBe(
      lines(
        "error: unknown key 'workflow' in a workflow file",
        ' --> team.vega.yaml:3:1',
        '  |',
        '2 |   Coder: { system: s }',
        '3 | workflow:',
        "  | ^^^^^^^^ did you mean 'workflows'?",
      ).trimEnd(),
    );
  });

  it('unknown agent key, with did you mean', () => {
    const error = loadError(
      lines('agents:', '  Coder:', '    system: You write code.', '    tmperature: 0.3'),
    );
    expect(error.message).toBe(
      lines(
        "error: unknown key 'tmperature' in agent 'Coder'",
        ' --> team.vega.yaml:4:5',
        '  |',
        '3 |     system: You write code.',
        '4 |     tmperature: 0.3',
        "  |     ^^^^^^^^^^ did you mean 'temperature'?",
      ).trimEnd(),
    );
  });

  it('unknown agent in a step, exactly as the spec shows it', () => {
    const padding = Array.from({ length: 39 }, (_, index) => `# line ${index + 4}`);
    const text = lines(
      'agents:',
      '  Coder: { system: s }',
      'workflows:',
      ...padding,
      '  code-review:',
      '    steps:',
      '      - Cder writes code:',
      '          send: Write it',
    );
    expect(loadError(text).message).toBe(
      lines(
        "error: unknown agent 'Cder' in workflow 'code-review'",
        '  --> team.vega.yaml:45:9',
        '   |',
        '44 |     steps:',
        '45 |       - Cder writes code:',
        "   |         ^^^^ did you mean 'Coder'?",
      ).trimEnd(),
    );
  });

  it('undefined variable, at its {{', () => {
    const text = lines(
      'agents:',
      '  Coder: { system: s }',
      'workflows:',
      '  w:',
      '    inputs: { task: {}, tone: { default: calm } }',
      '    steps:',
      '      - Coder: "Do {{ tsk }} now"',
    );
    expect(loadError(text).message).toBe(
      lines(
        "error: undefined variable 'tsk' in workflow 'w'",
        ' --> team.vega.yaml:7:20',
        '  |',
        '6 |     steps:',
        '7 |       - Coder: "Do {{ tsk }} now"',
        "  |                    ^^^^^^^^^ did you mean 'task'? (defined here: task, tone)",
      ).trimEnd(),
    );
  });

  it('expression syntax error, at the mistake inside its {{', () => {
    const text = lines(
      'agents:',
      '  Coder: { system: s }',
      'workflows:',
      '  w:',
      '    inputs: [task]',
      '    steps:',
      '      - Coder: "Do {{ task | upper + }} now"',
    );
    expect(loadError(text).message).toBe(
      lines(
        'error: expected a value after `+`, got the end of the expression',
        ' --> team.vega.yaml:7:38',
        '  |',
        '6 |     steps:',
        '7 |       - Coder: "Do {{ task | upper + }} now"',
        '  |                                      ^ a value is a name, quoted text, a number, true, false, null, a list [..] or a map {..}',
      ).trimEnd(),
    );
  });

  it('unknown names under `default` and built-ins are not undefined; other names in operators are', () => {
    const text = lines(
      'agents:',
      '  Coder: { system: s }',
      'workflows:',
      '  w:',
      '    inputs: [task]',
      '    steps:',
      '      - Coder: "{{ later | default:task }} {{ date }} {{ env.HOME }} {{ task + tsk }}"',
    );
    expect(loadError(text).diagnostics).toMatchObject([
      { code: 'undefined_variable', message: "undefined variable 'tsk' in workflow 'w'" },
    ]);
  });

  it('a variable saved by a later step is not defined yet', () => {
    const text = lines(
      'agents:',
      '  Coder: { system: s }',
      'workflows:',
      '  w:',
      '    steps:',
      '      - Coder: "Improve {{draft}}"',
      '      - Coder: Write a draft',
      '        save: draft',
    );
    expect(loadError(text).diagnostics).toMatchObject([
      { code: 'undefined_variable', line: 6, column: 25, hint: 'nothing is defined before this step' },
    ]);
  });

  it('settings.tracing is effective: no warning', () => {
    const document = parseWorkflow(
      lines('settings:', '  tracing: { exporter: jsonl }', 'agents:', '  Coder: { system: s }'),
      'team.vega.yaml',
      { env: {}, directory: '/project' },
    );
    expect(document.warnings).toEqual([]);
  });

  it('missing environment variable', () => {
    const error = loadError(lines('agents:', '  Coder:', '    system: "Talk to ${API_HOST}"'));
    expect(error.message).toBe(
      lines(
        "error: environment variable 'API_HOST' is not set",
        ' --> team.vega.yaml:3:22',
        '  |',
        '2 |   Coder:',
        '3 |     system: "Talk to ${API_HOST}"',
        '  |                      ^^^^^^^^^^^ set API_HOST, or give a default: ${API_HOST:-value}',
      ).trimEnd(),
    );
  });

  it('finds every error in one pass, in file order', () => {
    const text = lines(
      'include: [agents.vega.yaml]',
      'agents:',
      '  Coder:',
      '    system: s',
      '    temperature: hot',
      '    tools: [read_file, rite_file]',
      '  Helper: {}',
      'workflows:',
      '  w:',
      '    steps:',
      '      - Cder: "{{task}}"',
      '        sav: x',
      '        on_timeout: []',
      '      - A: one',
      '        B: two',
      '      - parallel: []',
      '    output: "{{ a | upper }}"',
    );
    const error = loadError(text);
    expect(
      error.diagnostics.map((diagnostic) => `${diagnostic.line}:${diagnostic.column} ${diagnostic.code}`),
    ).toEqual([
      '1:11 file_not_found',
      '5:18 invalid_type',
      '6:24 unknown_tool',
      '7:3 missing_key',
      '11:9 unknown_agent',
      '11:16 undefined_variable',
      '12:9 unknown_key',
      '13:9 missing_key',
      '13:21 missing_key',
      '15:9 conflicting_keys',
      '16:19 missing_key',
      '17:14 undefined_variable',
    ]);
    expect(error.message.split('\n')[0]).toBe(
      "error: cannot read included file 'agents.vega.yaml': no such file",
    );
    expect(error.render().split('\n\n')).toHaveLength(12);
  });

  it('refuses a step id used twice', () => {
    const text = lines(
      'agents:',
      '  A: { system: s }',
      'workflows:',
      '  w:',
      '    steps:',
      '      - A: one',
      '        id: a',
      '      - A: two',
      '        id: a',
    );
    expect(loadError(text).diagnostics).toMatchObject([
      { code: 'conflicting_keys', message: "step id 'a' is used twice in workflow 'w'", line: 9, column: 13 },
    ]);
  });

  it('refuses an empty file and a file without agents', () => {
    expect(loadError('').diagnostics).toMatchObject([
      { code: 'missing_key', message: 'the file is empty', line: 1, column: 1 },
    ]);
    expect(loadError('workflows: {}\n').diagnostics).toMatchObject([
      { code: 'missing_key', message: 'the file has no `agents`' },
    ]);
  });

  it('refuses defaults that do not fit their input', () => {
    const text = lines(
      'agents:',
      '  A: { system: s }',
      'workflows:',
      '  w:',
      '    inputs:',
      '      words: { type: number, default: 50, min: 100 }',
      '      tone: { enum: [calm, warm], default: loud }',
      '      flag: { type: boolean, min: 1 }',
      '    steps:',
      '      - A: "{{words}} {{tone}} {{flag}}"',
    );
    expect(loadError(text).diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      "the default of input 'words' must be at least 100, got 50",
      "the default of input 'tone' must be one of 'calm', 'warm', got 'loud'",
      '`min` applies only to number and integer inputs',
    ]);
  });

  it('unknown supervision key, with did you mean', () => {
    const error = loadError(
      lines('agents:', '  Coder:', '    system: s', '    supervision:', '      max_restart: 3'),
    );
    expect(error.message).toBe(
      lines(
        "error: unknown key 'max_restart' in `supervision` of agent 'Coder'",
        ' --> team.vega.yaml:5:7',
        '  |',
        '4 |     supervision:',
        '5 |       max_restart: 3',
        "  |       ^^^^^^^^^^^ did you mean 'max_restarts'?",
      ).trimEnd(),
    );
  });

  it('unknown backoff key and unknown strategy word in settings', () => {
    const text = lines(
      'settings:',
      '  supervision:',
      '    strategy: restart_al',
      '    backoff: { type: linear, intial: 1s }',
      'agents:',
      '  A: { system: s }',
    );
    expect(loadError(text).diagnostics).toMatchObject([
      {
        code: 'invalid_value',
        message:
          "`settings.supervision.strategy` must be one of restart, restart_all, stop, escalate, one_for_one, one_for_all, rest_for_one, got 'restart_al'",
        line: 3,
        column: 15,
        hint: "did you mean 'restart_all'?",
      },
      {
        code: 'unknown_key',
        message: "unknown key 'intial' in `settings.supervision.backoff`",
        line: 4,
        column: 30,
        hint: "did you mean 'initial'?",
      },
    ]);
  });

  it('bad duration, at its value', () => {
    const error = loadError(
      lines(
        'agents:',
        '  Coder:',
        '    system: s',
        '    supervision:',
        '      backoff: { initial: 1s, max: 30 sec }',
      ),
    );
    expect(error.message).toBe(
      lines(
        "error: `supervision.backoff.max` of agent 'Coder' must be a duration, got text ('30 sec')",
        ' --> team.vega.yaml:5:36',
        '  |',
        '4 |     supervision:',
        '5 |       backoff: { initial: 1s, max: 30 sec }',
        '  |                                    ^^^^^^ write it like 500ms, 1s, 1.5s, 10m, 2h, or a number of seconds',
      ).trimEnd(),
    );
  });

  it('refuses supervision values out of range, and contradictions, where they are', () => {
    const text = lines(
      'settings:',
      '  supervision: { backoff: { initial: 1m } }',
      'agents:',
      '  A:',
      '    system: s',
      '    supervision: { max_restarts: -1, window: -5s, backoff: { jitter: 1.5 } }',
      '  B:',
      '    system: s',
      '    supervision: { strategy: stop, restart: permanent }',
      '  C:',
      '    system: s',
      '    supervision: []',
    );
    expect(
      loadError(text).diagnostics.map(
        (diagnostic) => `${diagnostic.line}:${diagnostic.column} ${diagnostic.code} ${diagnostic.message}`,
      ),
    ).toEqual([
      "2:3 invalid_supervision the backoff's initial delay (60000ms) is longer than its cap (30000ms)",
      "6:34 invalid_value `supervision.max_restarts` of agent 'A' must be at least 0, got -1",
      "6:46 invalid_duration `supervision.window` of agent 'A' must be a duration, got text ('-5s')",
      "6:70 invalid_value `supervision.backoff.jitter` of agent 'A' must be at most 1, got 1.5",
      "9:5 invalid_supervision strategy 'stop' contradicts restart: 'permanent'",
      "12:18 invalid_type `supervision` of agent 'C' must be a map of `key: value`, got a list",
    ]);
  });
});
