import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, temporaryFolder } from './run-cli.ts';
import { BROKEN, TEAM } from './validate-fixtures.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

let folder: Awaited<ReturnType<typeof temporaryFolder>>;

beforeAll(async () => {
  folder = await temporaryFolder({ 'team.vega.yaml': TEAM, 'broken.vega.yaml': BROKEN });
});

afterAll(() => folder.cleanup());

const vega = (...argv: string[]) => runCli(argv, { cwd: folder.path });

describe('vega list', () => {
  it('lists the workflows with their inputs and the agents with model and tools', async () => {
    const result = await vega('list', 'team.vega.yaml');
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      'team.vega.yaml — Team',
      'workflows:',
      '  build  Write and review code',
      '    --task    string, required  What to build',
      '    --rounds  integer, default 2',
      '  docs',
      'agents:',
      '  Coder     model claude-haiku-4-5 · tools read_file, write_file',
      '  Reviewer  model claude-sonnet-4-5 (default)',
      '  Writer    model claude-sonnet-4-5 (default)',
      '',
    ]);
  });

  it('--json gives { file, workflows, agents }', async () => {
    const file = join(REPO, 'examples/hello.vega.yaml');
    const result = await vega('list', file, '--json');
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      file,
      workflows: [
        {
          name: 'greet',
          inputs: [
            { name: 'name', type: 'string', required: false, default: 'world', description: 'Who to greet' },
          ],
        },
      ],
      agents: [{ name: 'Writer' }, { name: 'Editor' }],
    });
  });

  it('reports an invalid file like vega run does: exit 2', async () => {
    const result = await vega('list', 'broken.vega.yaml');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("unknown agent 'Cder'");
  });
});

describe('vega show agent|workflow', () => {
  it('shows an agent resolved: model, temperature, tools, budget, policies, supervision, prompt', async () => {
    const result = await vega('show', 'agent', 'Coder', '--file', 'team.vega.yaml');
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      'agent Coder  (team.vega.yaml:6:3)',
      '  model        claude-haiku-4-5',
      '  temperature  0.3 (settings.default_temperature)',
      '  max_tokens   2000',
      '  tools        read_file, write_file',
      '  budget       $0.50 per task',
      expect.stringMatching(/^ {2}retry {8}2 attempts, exponential /),
      '  supervision  one_for_one, permanent, at most 5 restarts in 1 min 0 s',
      '  system prompt:',
      '    You write code.',
      '    Small functions.',
      '',
    ]);
  });

  it('takes the file as a third argument too', async () => {
    const result = await vega('show', 'agent', 'Reviewer', 'team.vega.yaml');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('  model        claude-sonnet-4-5 (settings.default_model)');
  });

  it('shows a workflow: inputs, steps one per line, output', async () => {
    const result = await vega('show', 'workflow', 'build', '--file', 'team.vega.yaml');
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      'workflow build  (team.vega.yaml:21:3)',
      '  Write and review code',
      '  inputs:',
      '    --task    string, required  What to build',
      '    --rounds  integer, default 2',
      '  steps:',
      '    1. set      attempts',
      '    2. agent    Coder writes the code → code',
      '    3. agent    Reviewer → review',
      '  output: {{review}}',
      '',
    ]);
  });

  it('an unknown agent: did you mean, the names there are, exit 2', async () => {
    const result = await vega('show', 'agent', 'Codr', '--file', 'team.vega.yaml');
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("error: unknown agent 'Codr'");
    expect(result.stderr).toContain('--> team.vega.yaml:6:3');
    expect(result.stderr).toContain("did you mean 'Coder'? (agents in this file: Coder, Reviewer, Writer)");
  });

  it('an unknown workflow with nothing close lists the workflows', async () => {
    const result = await vega('show', 'workflow', 'deploy', 'team.vega.yaml');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('workflows in this file: build, docs');
  });

  it('needs a file for agent and workflow, and no file for run', async () => {
    const noFile = await vega('show', 'agent', 'Coder');
    expect(noFile.exitCode).toBe(2);
    expect(noFile.stderr).toContain("'vega show agent' needs the workflow file");
    const runWithFile = await vega('show', 'run', 'abc', '--file', 'team.vega.yaml');
    expect(runWithFile.exitCode).toBe(2);
    const unknown = await vega('show', 'tool', 'x');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("not 'tool'");
  });

  it('--output json gives the definition as data', async () => {
    const result = await vega('show', 'agent', 'Coder', '--file', 'team.vega.yaml', '-o', 'json');
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      id: 'Coder',
      model: 'claude-haiku-4-5',
      tools: ['read_file', 'write_file'],
      maxTokens: 2000,
      budgetUsd: 0.5,
      supervision: { strategy: 'one_for_one', intensity: { maxRestarts: 5, windowMs: 60_000 } },
    });
  });
});
