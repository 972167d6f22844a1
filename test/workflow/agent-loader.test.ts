import { describe, expect, it } from 'vitest';
import { WorkflowLoadError } from '../../src/diagnostics/workflow-load-error.ts';
import { parseWorkflow } from '../../src/workflow/load/parse-workflow.ts';

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

function files(map: Record<string, string>) {
  return (path: string): string => {
    const text = map[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return text;
  };
}

const load = (text: string, map: Record<string, string> = {}) =>
  parseWorkflow(text, 'team.vega.yaml', { env: {}, directory: '/project', readTextFile: files(map) });

function failure(text: string, map: Record<string, string> = {}) {
  try {
    load(text, map);
  } catch (error) {
    if (error instanceof WorkflowLoadError) return error;
    throw error;
  }
  throw new Error('the file loaded');
}

const errorsOf = (text: string, map: Record<string, string> = {}) =>
  failure(text, map).diagnostics.map(({ code, file, line, column, message, hint }) => ({
    code,
    at: `${file}:${line}:${column}`,
    message,
    hint,
  }));

describe('agent extends', () => {
  it('inherits every field, overrides what is written, and merges maps deeply', () => {
    const document = load(
      lines(
        'agents:',
        '  Base:',
        '    model: claude-sonnet-4-5',
        '    system: You are careful.',
        '    temperature: 0.2',
        '    tools: [read_file]',
        '    retry: { max_attempts: 5, backoff: linear }',
        '    memory: { history: conversation, max_history_tokens: 500 }',
        '  Middle:',
        '    extends: Base',
        '    temperature: 0.9',
        '  Coder:',
        '    extends: Middle',
        '    name: Senior Developer',
        '    retry: { max_attempts: 2 }',
        '    memory: { strategy: summarize }',
        'workflows:',
        '  main:',
        '    steps:',
        '      - Coder: hi',
        '      - Base: hi',
        '      - Middle: hi',
      ),
    );
    const coder = document.agents.get('Coder');
    expect(coder).toMatchObject({
      name: 'Senior Developer',
      model: 'claude-sonnet-4-5',
      system: 'You are careful.',
      temperature: 0.9,
      tools: ['read_file'],
      extends: 'Middle',
      memory: { history: 'conversation', maxHistoryTokens: 500, strategy: 'summarize' },
    });
    expect(coder?.policies.retry).toMatchObject({ maxAttempts: 2, backoff: 'linear' });
    // Spans point where each field was written: the inherited model on Base's line, the override on Coder's.
    expect(coder?.fieldSpans.model?.line).toBe(3);
    expect(coder?.fieldSpans.temperature?.line).toBe(11);
  });

  it('reports a cycle naming it, an unknown base with did-you-mean, once each, in one pass', () => {
    const errors = errorsOf(
      lines(
        'agents:',
        '  A: { extends: B, system: a }',
        '  B: { extends: A, system: b }',
        '  C: { extends: Bb, system: c }',
        '  D: { extends: D, system: d }',
        'workflows:',
        '  main:',
        '    steps:',
        '      - A: hi',
        '      - C: hi',
        '      - D: hi',
      ),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'extends_cycle',
        at: 'team.vega.yaml:3:17',
        message: 'agents extend each other in a cycle: A → B → A',
      }),
      expect.objectContaining({
        code: 'unknown_agent',
        at: 'team.vega.yaml:4:17',
        message: "agent 'C' extends unknown agent 'Bb'",
        hint: "did you mean 'B'?",
      }),
      expect.objectContaining({ code: 'extends_cycle', at: 'team.vega.yaml:5:17' }),
    ]);
  });

  it('reports an error in an inherited field once, where it is written', () => {
    const errors = errorsOf(
      lines(
        'agents:',
        '  Base: { system: a, temperature: hot }',
        '  Coder: { extends: Base }',
        'workflows:',
        '  main:',
        '    steps:',
        '      - Coder: hi',
        '      - Base: hi',
      ),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'invalid_type', at: 'team.vega.yaml:2:35' });
  });
});

describe('agent knowledge', () => {
  it('appends each file to the system prompt under a header naming it', () => {
    const document = load(
      lines(
        'agents:',
        '  Coder:',
        '    system: You code.',
        '    knowledge: [knowledge/style.md, api.md]',
        'workflows:',
        '  main:',
        '    steps:',
        '      - Coder: hi',
      ),
      { '/project/knowledge/style.md': 'Use tabs.\n', '/project/api.md': 'GET /users' },
    );
    expect(document.agents.get('Coder')?.system).toBe(
      'You code.\n\n## Knowledge: knowledge/style.md\n\nUse tabs.\n\n## Knowledge: api.md\n\nGET /users',
    );
    expect(document.agents.get('Coder')?.knowledge).toEqual([
      '/project/knowledge/style.md',
      '/project/api.md',
    ]);
  });

  it('reports a missing file at its item in the list', () => {
    const errors = errorsOf(
      lines(
        'agents:',
        '  Coder:',
        '    system: You code.',
        '    knowledge: [style.md, missing.md]',
        'workflows:',
        '  main:',
        '    steps:',
        '      - Coder: hi',
      ),
      { '/project/style.md': 'x' },
    );
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'file_not_found',
        at: 'team.vega.yaml:4:27',
        message: "cannot read knowledge file 'missing.md': no such file",
      }),
    ]);
  });
});

describe('agent memory', () => {
  it('reads history, max_history_tokens and strategy with defaults; misspellings get hints', () => {
    const document = load(
      lines(
        'agents:',
        '  Coder: { system: a, memory: { history: none } }',
        'workflows:',
        '  main:',
        '    steps:',
        '      - Coder: hi',
      ),
    );
    expect(document.agents.get('Coder')?.memory).toEqual({ history: 'none', strategy: 'truncate' });
    const errors = errorsOf(
      lines(
        'agents:',
        '  Coder: { system: a, memory: { histroy: none, strategy: summarise, max_history_tokens: 0 } }',
        'workflows:',
        '  main:',
        '    steps:',
        '      - Coder: hi',
      ),
    );
    expect(errors.map((error) => [error.code, error.hint])).toEqual([
      ['unknown_key', "did you mean 'history'?"],
      ['invalid_value', "did you mean 'summarize'?"],
      ['invalid_value', undefined],
    ]);
  });
});

describe('agent steps: format, schema, fresh, on_timeout', () => {
  it('reads them', () => {
    const document = load(
      lines(
        'agents:',
        '  Coder: { system: a }',
        'workflows:',
        '  main:',
        '    steps:',
        '      - Coder: hi',
        '        format: json',
        '        schema: { type: object, properties: { score: { type: integer } }, required: [score] }',
        '        fresh: true',
        '        timeout: 5s',
        '        on_timeout: [ { Coder: "quick" } ]',
        '        save: rating',
        '    output: "{{rating.score}}"',
      ),
    );
    const step = document.workflows.get('main')?.steps[0];
    expect(step).toMatchObject({
      kind: 'agent',
      format: { value: 'json' },
      schema: { value: { type: 'object', required: ['score'], properties: { score: { type: 'integer' } } } },
      fresh: { value: true },
      timeoutMs: { value: 5000 },
      onTimeout: [{ kind: 'agent', message: expect.anything() }],
    });
  });

  it('reports every mistake in one pass', () => {
    const errors = errorsOf(
      lines(
        'agents:',
        '  Coder: { system: a }',
        'workflows:',
        '  main:',
        '    steps:',
        '      - Coder: hi',
        '        format: xml',
        '        fresh: yes please',
        '      - Coder: hi',
        '        schema: { type: objet, required: [scor], properties: { score: { typ: number } } }',
        '      - Coder: hi',
        '        on_timeout: [ { Coder: "quick" } ]',
      ),
    );
    expect(errors.map((error) => [error.code, error.at, error.hint])).toEqual([
      ['invalid_value', 'team.vega.yaml:7:17', expect.stringContaining('format: json')],
      ['invalid_type', 'team.vega.yaml:8:16', undefined],
      ['missing_key', 'team.vega.yaml:10:9', 'add `format: json` beside it'],
      ['invalid_value', 'team.vega.yaml:10:25', "did you mean 'object'?"],
      ['unknown_property', 'team.vega.yaml:10:42', "did you mean 'score'?"],
      ['unknown_key', 'team.vega.yaml:10:73', "did you mean 'type'?"],
      ['missing_key', 'team.vega.yaml:12:9', expect.stringContaining('timeout')],
    ]);
  });
});

describe('include', () => {
  const agentsFile = lines(
    'include: [more/base.vega.yaml]',
    'agents:',
    '  Writer:',
    '    extends: Base',
    '    system: You write.',
    'workflows:',
    '  draft:',
    '    inputs: [topic]',
    '    steps:',
    '      - Writer: "Draft {{topic}}"',
  );
  const baseFile = lines('agents:', '  Base:', '    model: claude-haiku-4-5', '    system: You are terse.');

  it('merges agents and workflows from included files, recursively, paths relative to the includer', () => {
    const document = load(
      lines(
        'include: [lib/agents.vega.yaml]',
        'agents:',
        '  Editor: { system: You edit. }',
        'workflows:',
        '  main:',
        '    steps:',
        '      - Writer: hi',
        '      - Editor: hi',
        '      - Base: hi',
      ),
      { '/project/lib/agents.vega.yaml': agentsFile, '/project/lib/more/base.vega.yaml': baseFile },
    );
    expect([...document.agents.keys()]).toEqual(['Editor', 'Writer', 'Base']);
    expect([...document.workflows.keys()]).toEqual(['main', 'draft']);
    expect(document.agents.get('Writer')).toMatchObject({ model: 'claude-haiku-4-5', system: 'You write.' });
    expect(document.agents.get('Writer')?.span).toMatchObject({ file: 'lib/agents.vega.yaml', line: 3 });
  });

  it('reports mistakes inside an included file in that file, with its source for the code frame', () => {
    const error = failure(
      lines(
        'include: [lib/agents.vega.yaml]',
        'agents:',
        '  Editor: { system: You edit. }',
        'workflows:',
        '  main:',
        '    steps:',
        '      - Writr: hi',
      ),
      {
        '/project/lib/agents.vega.yaml': lines(
          'agents:',
          '  Writer:',
          '    system: You write.',
          '    temprature: 0.3',
          'workflows:',
          '  draft:',
          '    steps:',
          '      - Editr: hi',
        ),
      },
    );
    expect(
      error.diagnostics.map(({ code, file, line, column, hint }) => [
        code,
        `${file}:${line}:${column}`,
        hint,
      ]),
    ).toEqual([
      ['unknown_key', 'lib/agents.vega.yaml:4:5', "did you mean 'temperature'?"],
      ['unknown_agent', 'lib/agents.vega.yaml:8:9', "did you mean 'Editor'?"],
      ['unknown_agent', 'team.vega.yaml:7:9', "did you mean 'Writer'?"],
    ]);
    expect(error.sources.get('lib/agents.vega.yaml')).toContain('temprature');
  });

  it('reports an include cycle naming the files, a missing file, and a duplicate agent naming both places', () => {
    const errors = errorsOf(
      lines(
        'include: [a.vega.yaml, missing.vega.yaml]',
        'agents:',
        '  Writer: { system: You write. }',
        'workflows:',
        '  main:',
        '    steps:',
        '      - Writer: hi',
      ),
      {
        '/project/a.vega.yaml': lines('include: [b.vega.yaml]', 'agents:', '  Writer: { system: Again. }'),
        '/project/b.vega.yaml': lines('include: [team.vega.yaml]', 'settings: { default_model: x }'),
      },
    );
    // Sorted by file, then position.
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'duplicate_agent',
        at: 'a.vega.yaml:3:3',
        message: "agent 'Writer' is defined twice: here and at team.vega.yaml:3:3",
      }),
      expect.objectContaining({
        code: 'include_cycle',
        at: 'b.vega.yaml:1:11',
        message:
          'files include each other in a cycle: team.vega.yaml → a.vega.yaml → b.vega.yaml → team.vega.yaml',
      }),
      // The warning about b's settings comes along with the errors.
      expect.objectContaining({ code: 'ignored_settings', at: 'b.vega.yaml:2:1' }),
      expect.objectContaining({
        code: 'file_not_found',
        at: 'team.vega.yaml:1:24',
        message: "cannot read included file 'missing.vega.yaml': no such file",
      }),
    ]);
  });
});

describe('include of a file with tools', () => {
  it('is refused as unsupported for now, at the key in the included file', () => {
    const errors = errorsOf(
      lines(
        'include: [t.vega.yaml]',
        'agents:',
        '  A: { system: a }',
        'workflows:',
        '  w:',
        '    steps:',
        '      - A: hi',
      ),
      { '/project/t.vega.yaml': lines('tools:', '  ping: {}') },
    );
    expect(errors).toEqual([expect.objectContaining({ code: 'unsupported', at: 't.vega.yaml:1:1' })]);
  });
});
