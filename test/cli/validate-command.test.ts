import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, temporaryFolder } from './run-cli.ts';
import { BROKEN, TEAM, UNUSED_AGENT } from './validate-fixtures.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

let folder: Awaited<ReturnType<typeof temporaryFolder>>;

beforeAll(async () => {
  folder = await temporaryFolder({
    'broken.vega.yaml': BROKEN,
    'unused.vega.yaml': UNUSED_AGENT,
    'team.vega.yaml': TEAM,
  });
});

afterAll(() => folder.cleanup());

/** `vega <argv>` in the temporary folder, with no API key in the environment. */
const vega = (...argv: string[]) => runCli(argv, { cwd: folder.path });

describe('vega validate', () => {
  it.each([
    ['hello.vega.yaml', '1 workflow, 2 agents, 2 steps'],
    ['supervision.vega.yaml', '1 workflow, 3 agents, 3 steps'],
  ])('accepts examples/%s without running it', async (name, counts) => {
    const file = join(REPO, 'examples', name);
    const result = await vega('validate', file);
    expect(result).toEqual({ exitCode: 0, stdout: `✓ ${file}: ${counts}\n`, stderr: '' });
  });

  it('needs no API key: model names are only read', async () => {
    // team.vega.yaml uses claude-* models and the environment has no ANTHROPIC_API_KEY.
    const result = await vega('validate', 'team.vega.yaml');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('✓ team.vega.yaml: 2 workflows, 3 agents, 4 steps\n');
  });

  it('reports every error at once with file:line:col and code frames, then a count; exit 2', async () => {
    const result = await vega('validate', 'broken.vega.yaml');
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--> broken.vega.yaml:6:5');
    expect(result.stderr).toContain("error: agent 'Tester' has no `system` prompt");
    expect(result.stderr).toContain('--> broken.vega.yaml:7:3');
    expect(result.stderr).toContain("error: unknown agent 'Cder'");
    expect(result.stderr).toContain('--> broken.vega.yaml:14:9');
    expect(result.stderr).toContain("did you mean 'Coder'?");
    expect(result.stderr).toContain('14 |       - Cder writes code:');
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe('✗ 3 errors');
  });

  it('passes with warnings, rendered as diagnostics', async () => {
    const result = await vega('validate', 'unused.vega.yaml');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('✓ unused.vega.yaml: 1 workflow, 2 agents, 1 step (1 warning)\n');
    expect(result.stderr).toContain("warning: agent 'Idle' is not used by any workflow");
    expect(result.stderr).toContain('--> unused.vega.yaml:6:3');
  });

  it('--verbose adds the workflows with their steps and the agents with model and tools', async () => {
    const result = await vega('validate', 'team.vega.yaml', '--verbose');
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      '✓ team.vega.yaml: 2 workflows, 3 agents, 4 steps',
      'workflows:',
      '  build  Write and review code',
      '    --task    string, required  What to build',
      '    --rounds  integer, default 2',
      '    1. set      attempts',
      '    2. agent    Coder writes the code → code',
      '    3. agent    Reviewer → review',
      '    output: {{review}}',
      '  docs',
      '    1. agent    Writer',
      'agents:',
      '  Coder     model claude-haiku-4-5 · tools read_file, write_file',
      '  Reviewer  model claude-sonnet-4-5 (default)',
      '  Writer    model claude-sonnet-4-5 (default)',
      '',
    ]);
  });

  it('--json reports errors with code, message, line, column and hint; exit 2', async () => {
    const result = await vega('validate', 'broken.vega.yaml', '--json');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      file: 'broken.vega.yaml',
      valid: false,
      warnings: [],
      workflows: [],
      agents: [],
    });
    expect(
      report.errors.map((error: { code: string; line: number; column: number }) => [
        error.code,
        error.line,
        error.column,
      ]),
    ).toEqual([
      ['unknown_key', 6, 5],
      ['missing_key', 7, 3],
      ['unknown_agent', 14, 9],
    ]);
    expect(report.errors[2]).toEqual({
      code: 'unknown_agent',
      message: "unknown agent 'Cder' in workflow 'build'",
      line: 14,
      column: 9,
      hint: "did you mean 'Coder'?",
    });
  });

  it('--json on a valid file lists its warnings, workflows and agents; exit 0', async () => {
    const result = await vega('validate', '--json', 'unused.vega.yaml');
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      file: 'unused.vega.yaml',
      valid: true,
      errors: [],
      warnings: [{ code: 'unused_agent', line: 6, column: 3 }],
      workflows: [{ name: 'note', inputs: [], steps: [{ number: 1, kind: 'agent', agent: 'Writer' }] }],
      agents: [
        { name: 'Writer', model: 'claude-sonnet-4-5', defaultModel: true, tools: [] },
        { name: 'Idle', model: 'claude-sonnet-4-5', defaultModel: true, tools: [] },
      ],
    });
  });

  it('a missing file is exit 2, in text and in JSON', async () => {
    const text = await vega('validate', 'nowhere.vega.yaml');
    expect(text.exitCode).toBe(2);
    expect(text.stderr).toContain("cannot read workflow file 'nowhere.vega.yaml'");
    const json = await vega('validate', 'nowhere.vega.yaml', '--json');
    expect(json.exitCode).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, errors: [{ code: 'file_not_found' }] });
  });

  it('as a child process: exit 0 for a valid file, 2 for an invalid one', () => {
    const run = (file: string) =>
      spawnSync(process.execPath, ['bin/vega.js', 'validate', file], {
        cwd: REPO,
        // Nothing inherited: no key could be read even by mistake.
        env: { NO_COLOR: '1' },
        encoding: 'utf8',
        timeout: 15_000,
      });
    const valid = run('examples/hello.vega.yaml');
    expect(valid.stdout).toBe('✓ examples/hello.vega.yaml: 1 workflow, 2 agents, 2 steps\n');
    expect(valid.status).toBe(0);
    const invalid = run(join(folder.path, 'broken.vega.yaml'));
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toContain('✗ 3 errors');
  });
});
