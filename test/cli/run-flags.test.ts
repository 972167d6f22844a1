import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { type FixtureServer, startFixtureServer } from '../../src/testing/index.ts';
import { fixtureEnvironment } from '../integration/trip-scenario.ts';
import { temporaryFolder } from './run-cli.ts';
import { CONTROL, FAILING, FAILING_REPLIES, standardInput, TEAM, vegaIn } from './run-flags-fixtures.ts';

let folder: Awaited<ReturnType<typeof temporaryFolder>>;
let cwd: string;

beforeAll(async () => {
  folder = await temporaryFolder({
    'team.vega.yaml': TEAM,
    'control.vega.yaml': CONTROL,
    'failing.vega.yaml': FAILING,
    'failing.replies.yaml': FAILING_REPLIES,
    'inputs.json': '{ "topic": "cats" }\n',
    'bad.json': '{\n  "topic": "cats",\n}\n',
    'list.json': '["cats"]',
  });
  cwd = folder.path;
});

afterAll(() => folder.cleanup());

const run = (...argv: string[]) => vegaIn(['run', ...argv], { cwd });

describe('vega run flags', () => {
  it('takes flags before or after the file', async () => {
    const before = await run('--workflow', 'draft', '--topic', 'cats', '-q', 'team.vega.yaml');
    const after = await run('team.vega.yaml', '-q', '--topic=cats', '-w', 'draft');
    for (const result of [before, after]) {
      expect(result).toEqual({ exitCode: 0, stdout: '[echo] Write about cats\n', stderr: '' });
    }
  });

  it('lists the workflows when the file has several and --workflow is missing', async () => {
    const result = await run('team.vega.yaml', '--topic', 'cats');
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('this file has 2 workflows: draft, review');
    expect(result.stderr).toContain('choose one with --workflow draft');
  });

  it('--quiet prints only the output; without it the summary goes to stderr', async () => {
    const loud = await run('team.vega.yaml', '-w', 'draft', '--topic', 'cats');
    expect(loud.stdout).toBe('[echo] Write about cats\n');
    expect(loud.stderr).toMatch(/^✓ draft · 1 step/);
    const quiet = await run('team.vega.yaml', '-w', 'draft', '--topic', 'cats', '--quiet');
    expect(quiet.stderr).toBe('');
  });

  it('--verbose adds the stack trace to a failure; exit code 1 when the run fails', async () => {
    const plain = await run('failing.vega.yaml');
    expect(plain.exitCode).toBe(1);
    expect(plain.stderr).toContain('the request is bad');
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const verbose = await run('failing.vega.yaml', '--verbose');
    expect(verbose.exitCode).toBe(1);
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });

  it('--output yaml prints the report as YAML', async () => {
    const result = await run('team.vega.yaml', '-w', 'draft', '--topic', 'cats', '-o', 'yaml', '-q');
    expect(result.exitCode).toBe(0);
    const report = parseYaml(result.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ workflow: 'draft', output: '[echo] Write about cats' });
    expect(report.runId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('--out writes the output into a file instead of stdout, and says so unless quiet', async () => {
    const result = await run('team.vega.yaml', '-w', 'draft', '--topic', 'cats', '--out', 'result.txt');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('output written to result.txt');
    expect(await readFile(join(cwd, 'result.txt'), 'utf8')).toBe('[echo] Write about cats\n');
    const json = await run(
      'team.vega.yaml',
      '-w',
      'draft',
      '--topic',
      'dogs',
      '--out=out.json',
      '-o',
      'json',
      '-q',
    );
    expect(json).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(JSON.parse(await readFile(join(cwd, 'out.json'), 'utf8'))).toMatchObject({
      output: '[echo] Write about dogs',
    });
  });

  it('--out into a folder that does not exist is exit 2, and a failed run writes no file', async () => {
    const missing = await run(
      'team.vega.yaml',
      '-w',
      'draft',
      '--topic',
      'x',
      '--out',
      'no/such/dir/out.txt',
      '-q',
    );
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toBe(
      "error: Cannot write the output to 'no/such/dir/out.txt': its folder does not exist.\n" +
        '  hint: Create the folder first, or name a file in an existing one.\n',
    );
    const failed = await run('failing.vega.yaml', '--out', 'failed.txt', '-q');
    expect(failed.exitCode).toBe(1);
    expect(existsSync(join(cwd, 'failed.txt'))).toBe(false);
  });

  it('--inputs reads a JSON file; --<input> flags override it', async () => {
    const fromFile = await run('team.vega.yaml', '-w', 'draft', '--inputs', 'inputs.json', '-q');
    expect(fromFile.stdout).toBe('[echo] Write about cats\n');
    const overridden = await run(
      'team.vega.yaml',
      '-w',
      'draft',
      '--inputs',
      'inputs.json',
      '--topic',
      'owls',
      '-q',
    );
    expect(overridden.stdout).toBe('[echo] Write about owls\n');
  });

  it('a bad --inputs file is exit 2 with the line and column of the JSON error', async () => {
    const bad = await run('team.vega.yaml', '-w', 'draft', '--inputs', 'bad.json');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain(
      "error: the inputs file is not valid JSON: expected a property name in double quotes, found '}'",
    );
    expect(bad.stderr).toContain('--> bad.json:3:1');
    const list = await run('team.vega.yaml', '-w', 'draft', '--inputs', 'list.json');
    expect(list.exitCode).toBe(2);
    expect(list.stderr).toContain(
      "The inputs in 'list.json' must be a JSON object of input values, not a list.",
    );
    const missing = await run('team.vega.yaml', '-w', 'draft', '--inputs', 'nothing.json');
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("Cannot read the inputs file 'nothing.json': no such file.");
  });

  it('--inputs - reads the JSON object from standard input', async () => {
    const input = standardInput('{"topic": "bees"}');
    const result = await vegaIn(['run', 'team.vega.yaml', '-w', 'draft', '--inputs', '-', '-q'], {
      cwd,
      stdin: input.stdin,
    });
    expect(result).toEqual({ exitCode: 0, stdout: '[echo] Write about bees\n', stderr: '' });
    const terminal = standardInput(undefined, true);
    const refused = await vegaIn(['run', 'team.vega.yaml', '-w', 'draft', '--inputs', '-'], {
      cwd,
      stdin: terminal.stdin,
    });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('standard input is a terminal');
    expect(terminal.wasRead()).toBe(false);
  });
});

describe('standard input as input', () => {
  it('fills the one input of a workflow, without its trailing line break', async () => {
    const input = standardInput('foxes\n');
    const result = await vegaIn(['run', 'team.vega.yaml', '-w', 'draft', '-q'], { cwd, stdin: input.stdin });
    expect(result).toEqual({ exitCode: 0, stdout: '[echo] Write about foxes\n', stderr: '' });
  });

  it('is not read from a terminal, nor when the input is given, nor when no input would take it', async () => {
    const terminal = standardInput(undefined, true);
    const missing = await vegaIn(['run', 'team.vega.yaml', '-w', 'draft'], { cwd, stdin: terminal.stdin });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("missing required input 'topic' for workflow 'draft'");
    expect(terminal.wasRead()).toBe(false);
    // An open pipe that nobody writes to: reading it would never end.
    const open = standardInput(undefined);
    const given = await vegaIn(['run', 'team.vega.yaml', '-w', 'draft', '--topic', 'cats', '-q'], {
      cwd,
      stdin: open.stdin,
    });
    expect(given.stdout).toBe('[echo] Write about cats\n');
    expect(open.wasRead()).toBe(false);
    // Two inputs, none named `input`: standard input has nowhere to go.
    const review = await vegaIn(['run', 'team.vega.yaml', '-w', 'review', '--dry-run', '-q'], {
      cwd,
      stdin: open.stdin,
    });
    expect(review.exitCode).toBe(2);
    expect(review.stderr).toContain("missing required input 'code'");
    expect(open.wasRead()).toBe(false);
  });

  it('empty standard input gives no value', async () => {
    const empty = standardInput('');
    const result = await vegaIn(['run', 'team.vega.yaml', '-w', 'draft'], { cwd, stdin: empty.stdin });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("missing required input 'topic'");
  });
});

describe('vega run --dry-run', () => {
  let server: FixtureServer;

  beforeEach(async () => {
    server = await startFixtureServer();
  });

  afterEach(async () => {
    await server.close();
  });

  it('prints the plan: inputs with defaults, agents with their models, the step tree', async () => {
    const result = await run('team.vega.yaml', '-w', 'review', '--code', 'x = 1', '--dry-run');
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      [
        'dry run of workflow review in team.vega.yaml: no model is called, nothing is stored',
        'inputs:',
        '  code    "x = 1"  (given)',
        '  rounds  2  (default)',
        'agents:',
        '  Writer    scripted:echo (scripted), from settings.default_model',
        '  Reviewer  scripted:echo (scripted)',
        'budget: (no cap)',
        'steps:',
        '  1. set notes = []',
        "  2. repeat until 'ok' in review (max {{rounds}})",
        '     1. Reviewer checks the code: "Review {{code}}" → review',
        "  3. if 'APPROVED' in review",
        '     then:',
        '       1. Writer: "Celebrate"',
        '     else:',
        '       1. for note in notes',
        '          1. Writer: "Fix {{note}}"',
        'output: {{review}}',
        '',
      ].join('\n'),
    );
  });

  it('shows try/catch/finally, parallel branches, sub-workflows and return', async () => {
    const result = await run('control.vega.yaml', '-w', 'main', '--dry-run');
    expect(result.exitCode).toBe(0);
    expect(result.stdout.slice(result.stdout.indexOf('steps:'))).toBe(
      [
        'steps:',
        '  1. try',
        '     1. A: "risky" → x',
        '     catch:',
        '       1. B: "recover from {{error.message}}"',
        '     finally:',
        '       1. set done = true',
        '  2. parallel: 2 branches',
        '     1. A: "one" → one',
        '     2. B: "two" → two',
        '  3. workflow helper with { text: {{one}} } → helped',
        '  4. return {{helped}}',
        'output: (the last step’s value)',
        '',
      ].join('\n'),
    );
  });

  it('calls no model and does not touch the store', async () => {
    const store = join(cwd, 'dry-run.db');
    const result = await vegaIn(
      [
        'run',
        'team.vega.yaml',
        '-w',
        'review',
        '--code',
        'x',
        '--dry-run',
        '--store',
        store,
        '-m',
        'claude-haiku-4-5',
        '--budget',
        '$2',
      ],
      { cwd, env: fixtureEnvironment(server) },
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('  Writer    claude-haiku-4-5 (anthropic), from --model');
    expect(result.stdout).toContain('budget: $2.00');
    expect(server.requests).toHaveLength(0);
    expect(existsSync(store)).toBe(false);
  });

  it('prints the plan as JSON or YAML with --output, and checks the inputs first', async () => {
    const json = await run('team.vega.yaml', '-w', 'review', '--code', 'x', '--dry-run', '-o', 'json');
    const plan = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(plan).toMatchObject({
      dryRun: true,
      workflow: 'review',
      inputs: [
        { name: 'code', value: 'x', from: 'given' },
        { name: 'rounds', value: 2, from: 'default' },
      ],
    });
    const yaml = await run('team.vega.yaml', '-w', 'review', '--code', 'x', '--dry-run', '-o', 'yaml');
    expect(parseYaml(yaml.stdout)).toEqual(plan);
    const invalid = await run(
      'team.vega.yaml',
      '-w',
      'review',
      '--code',
      'x',
      '--rounds',
      'many',
      '--dry-run',
    );
    expect(invalid.exitCode).toBe(2);
    expect(invalid.stderr).toContain("input 'rounds' of workflow 'review'");
  });

  it('--out takes the plan too', async () => {
    await writeFile(join(cwd, 'plan.txt'), 'old');
    const result = await run(
      'team.vega.yaml',
      '-w',
      'draft',
      '--topic',
      'x',
      '--dry-run',
      '--out',
      'plan.txt',
      '-q',
    );
    expect(result).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(await readFile(join(cwd, 'plan.txt'), 'utf8')).toMatch(/^dry run of workflow draft/);
  });
});
