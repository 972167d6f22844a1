import { afterEach, describe, expect, it } from 'vitest';
import { runCli, temporaryFolder } from './run-cli.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function runFile(name: string, text: string, extra: string[] = [], files: Record<string, string> = {}) {
  const folder = await temporaryFolder({ [name]: text, ...files });
  cleanups.push(folder.cleanup);
  return runCli(['run', name, ...extra], { cwd: folder.path, env: {} }).then((run) => ({
    ...run,
    folder: folder.path,
  }));
}

describe('vega run: bad input ends with exit code 2 and a message that says where and how to fix it', () => {
  it('a YAML syntax error', async () => {
    const run = await runFile(
      'syntax.vega.yaml',
      'agents:\n  Writer:\n    system: "You write.\nworkflows: {}\n',
    );
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      [
        'error: invalid YAML: this quoted string is never closed',
        ' --> syntax.vega.yaml:3:13',
        '  |',
        '2 |   Writer:',
        '3 |     system: "You write.',
        '  |             ^ add the closing " (YAML read on to the end of the file looking for it)',
        '',
      ].join('\n'),
    );
    expect(run.stdout).toBe('');
  });

  it('an unknown key, with the closest valid key', async () => {
    const text =
      'agents:\n  Writer:\n    system: You write.\n    temprature: 0.5\nworkflows:\n  main:\n    steps:\n      - Writer: "hi"\n';
    const run = await runFile('unknown-key.vega.yaml', text, ['--model', 'scripted:echo']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      [
        "error: unknown key 'temprature' in agent 'Writer'",
        ' --> unknown-key.vega.yaml:4:5',
        '  |',
        '3 |     system: You write.',
        '4 |     temprature: 0.5',
        "  |     ^^^^^^^^^^ did you mean 'temperature'?",
        '',
      ].join('\n'),
    );
  });

  it('an unknown agent in a step, underlining just its name', async () => {
    const text =
      'agents:\n  Coder:\n    system: You code.\nworkflows:\n  code-review:\n    inputs: [task]\n    steps:\n      - Cder writes code:\n          send: "Build {{task}}"\n';
    const run = await runFile('team.vega.yaml', text, ['--task', 'x']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      "error: unknown agent 'Cder' in workflow 'code-review'\n --> team.vega.yaml:8:9\n",
    );
    expect(run.stderr).toContain("8 |       - Cder writes code:\n  |         ^^^^ did you mean 'Coder'?");
  });

  it('an undefined variable, with the names defined there', async () => {
    const text =
      'agents:\n  Coder:\n    system: You code.\nworkflows:\n  main:\n    inputs:\n      task: { type: string }\n    steps:\n      - Coder: "Build {{tsak}}"\n';
    const run = await runFile('vars.vega.yaml', text, ['--task', 'x', '--model', 'scripted:echo']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      "error: undefined variable 'tsak' in workflow 'main'\n --> vars.vega.yaml:9:23\n",
    );
    expect(run.stderr).toContain("^^^^^^^^ did you mean 'task'?");
  });

  it('a missing required input, saying how to pass it', async () => {
    const text =
      'agents:\n  Coder:\n    system: You code.\nworkflows:\n  main:\n    inputs: [task]\n    steps:\n      - Coder: "Build {{task}}"\n';
    const run = await runFile('inputs.vega.yaml', text, ['--model', 'scripted:echo']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/task/);
    expect(run.stderr).toContain('--task');
    expect(run.stderr).toContain(' --> inputs.vega.yaml:6:');
  });

  it('a file that does not exist, and a bad command line', async () => {
    const missing = await runFile('present.vega.yaml', 'agents: {}\n').then(({ folder }) =>
      runCli(['run', 'absent.vega.yaml'], { cwd: folder }),
    );
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("cannot read workflow file 'absent.vega.yaml': no such file");
    const badFlag = await runCli(['run', 'x.vega.yaml', '--output', 'xml'], { cwd: process.cwd() });
    expect(badFlag).toMatchObject({
      exitCode: 2,
      stderr: "error: '--output' takes text, json or yaml, not 'xml'.\n",
    });
  });

  it('an agent without a model, pointing at the three ways to give one', async () => {
    const text =
      'agents:\n  Coder:\n    system: You code.\nworkflows:\n  main:\n    steps:\n      - Coder: "hi"\n';
    const run = await runFile('nomodel.vega.yaml', text);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("error: Agent 'Coder' has no model.");
    expect(run.stderr).toContain('--model scripted:echo');
  });

  it('a real model without its API key names the variable', async () => {
    const text =
      'agents:\n  Coder:\n    model: claude-sonnet-4-5\n    system: You code.\nworkflows:\n  main:\n    steps:\n      - Coder: "hi"\n';
    const run = await runFile('key.vega.yaml', text);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('ANTHROPIC_API_KEY');
    expect(run.stderr).not.toContain('    at ');
  });
});

describe('vega run: a failing model call ends with exit code 1 and one explanation', () => {
  const workflow =
    'agents:\n  Coder:\n    model: scripted:fail.yaml\n    system: You code.\n    retry: 1\nworkflows:\n  main:\n    steps:\n      - Coder: "hi"\n';
  const script = 'replies:\n  - error: { status: 529, message: "Overloaded", type: overloaded_error }\n';

  it('explains status, provider message and what to check, without a stack trace', async () => {
    const run = await runFile('fail.vega.yaml', workflow, [], { 'fail.yaml': script });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^error: the model call failed: .*529.*Overloaded/);
    expect(run.stderr).toContain('status 529 · kind overloaded (retryable)');
    expect(run.stderr).toContain('hint: ');
    expect(run.stderr).not.toContain('    at ');
  });

  it('shows the stack trace with --verbose', async () => {
    const run = await runFile('fail.vega.yaml', workflow, ['--verbose'], { 'fail.yaml': script });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('    at ');
  });
});

describe('vega run: the main job', () => {
  it('runs examples/hello.vega.yaml offline and prints the result and a summary', async () => {
    const run = await runCli(['run', 'examples/hello.vega.yaml'], { cwd: process.cwd() });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('Hello, world, welcome!\n');
    expect(run.stderr).toMatch(
      /^✓ greet · 2 steps · 126 tokens \(103 in, 23 out\) · \$0\.00 · \d+ ms · run [0-9a-f]{8}\ncost {2}greet /,
    );
  });

  it('passes inputs and overrides every model with --model', async () => {
    const run = await runCli(
      ['run', '--name', 'Ada', 'examples/hello.vega.yaml', '--model', 'scripted:echo', '-q'],
      {
        cwd: process.cwd(),
      },
    );
    expect(run).toEqual({
      exitCode: 0,
      stdout: '[echo] Tighten this greeting: [echo] Write a one-line greeting for Ada.\n',
      stderr: '',
    });
  });

  it('prints a JSON report with --output json', async () => {
    const run = await runCli(['run', 'examples/hello.vega.yaml', '--output', 'json'], { cwd: process.cwd() });
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      workflow: 'greet',
      output: 'Hello, world, welcome!',
      usage: { inputTokens: 103, outputTokens: 23 },
      cost: { usd: 0 },
    });
    expect(report.steps.map((step: { agent: string }) => step.agent)).toEqual(['Writer', 'Editor']);
  });
});

describe('vega run: bad traffic-control and cost values end with exit code 2', () => {
  it('a budget that is not an amount of money, at its value, with the forms it takes', async () => {
    const text =
      'agents:\n  Coder:\n    system: You code.\n    budget: €5\nworkflows:\n  main:\n    steps:\n      - Coder: "hi"\n';
    const run = await runFile('budget.vega.yaml', text, ['--model', 'scripted:echo']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      [
        `error: \`budget\` of agent 'Coder' must be an amount of money like "$0.50" or a number of dollars, got text ('€5')`,
        ' --> budget.vega.yaml:4:13',
        '  |',
        '3 |     system: You code.',
        '4 |     budget: €5',
        '  |             ^^ amounts are in US dollars: write $0.25, "$1", $10.00 or 1.5',
        '',
      ].join('\n'),
    );
  });

  it('a retry block with a misspelt key', async () => {
    const text =
      'agents:\n  Coder:\n    system: You code.\n    retry: { max_attempt: 3 }\nworkflows:\n  main:\n    steps:\n      - Coder: "hi"\n';
    const run = await runFile('retry.vega.yaml', text, ['--model', 'scripted:echo']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("error: unknown key 'max_attempt' in `retry` of agent 'Coder'\n");
    expect(run.stderr).toContain(' --> retry.vega.yaml:4:14\n');
    expect(run.stderr).toContain("did you mean 'max_attempts'?");
  });

  it('a --budget that is not an amount of money', async () => {
    const run = await runCli(['run', 'x.vega.yaml', '--budget', '€5'], { cwd: process.cwd() });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      `error: '--budget' takes an amount of money like "$0.50" or a number of dollars, not '€5'.`,
    );
  });
});
