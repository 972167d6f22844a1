import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryFolder } from './run-cli.ts';
import { TEAM } from './run-flags-fixtures.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const VEGA = join(REPO, 'bin/vega.js');
const PTY_SESSION = fileURLToPath(new URL('./pty-session.py', import.meta.url));

let folder: Awaited<ReturnType<typeof temporaryFolder>>;

beforeAll(async () => {
  folder = await temporaryFolder({ 'team.vega.yaml': TEAM, 'broken.vega.yaml': 'agents: [' });
});

afterAll(() => folder.cleanup());

/** Only what the REPL needs: no keys, runs in memory, history in the test's folder. */
const environment = () => ({
  VEGA_STORE: ':memory:',
  VEGA_HOME: join(folder.path, 'home'),
  NO_COLOR: '1',
  PATH: process.env.PATH ?? '',
});

/** `vega repl ARGS` as a child process with `lines` on a piped standard input, which then ends. */
function repl(args: readonly string[], lines: readonly string[]) {
  const result = spawnSync(process.execPath, [VEGA, 'repl', ...args], {
    cwd: folder.path,
    env: environment(),
    input: lines.map((line) => `${line}\n`).join(''),
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `vega repl ARGS` in a pseudo-terminal, typing each step's keys once its text has appeared. */
function replInTerminal(args: readonly string[], steps: readonly (readonly [string, string])[]) {
  const result = spawnSync(
    'python3',
    [PTY_SESSION, JSON.stringify(steps), process.execPath, VEGA, 'repl', ...args],
    { cwd: folder.path, env: { ...environment(), TERM: 'xterm' }, encoding: 'utf8', timeout: 60_000 },
  );
  return { exitCode: result.status, output: result.stdout, stderr: result.stderr };
}

describe('vega repl through a piped standard input', () => {
  it('talks to agents that keep their conversation, saves, shows, lists and runs', () => {
    const { exitCode, stdout, stderr } = repl(
      ['team.vega.yaml'],
      [
        'list agents',
        'Writer <- "Hello"',
        'save greeting',
        'Reviewer <- "Review: {{greeting}}"',
        'Writer <- "Hello"',
        'show greeting',
        'list workflows',
        "run draft --topic 'stdin pipes'",
        'save text',
        'show text',
        '',
        '# a comment',
        'exit',
        'Writer <- "never sent"',
      ],
    );
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      'Writer',
      'Reviewer',
      '[echo] Hello',
      expect.stringMatching(/^ {2}Writer · \$0\.00 · \d+ tokens \((\d+) in, \d+ out\)$/),
      'saved the last reply of Writer as greeting',
      '[echo] Review: [echo] Hello',
      expect.stringMatching(/^ {2}Reviewer · /),
      '[echo] Hello',
      expect.stringMatching(/^ {2}Writer · /),
      '[echo] Hello',
      'draft',
      'review',
      '[echo] Write about stdin pipes',
      expect.stringMatching(/^ {2}draft · \$0\.00 · \d+ tokens/),
      'saved the last output of draft as text',
      '[echo] Write about stdin pipes',
    ]);
    // The second "Hello" to the Writer carries the first exchange: more input tokens for the same text.
    const inputTokens = (line: string) => Number(/\((\d+) in/.exec(line)?.[1]);
    expect(inputTokens(lines[8]!)).toBeGreaterThan(inputTokens(lines[3]!));
  });

  it('prints an error for a bad line and goes on', () => {
    const { exitCode, stdout, stderr } = repl(
      ['team.vega.yaml'],
      [
        'Writr <- "hi"',
        'lst agents',
        'Writer <- "{{missing}}"',
        'save',
        'show nothing',
        'run drfat',
        'run draft',
        'Writer <- "still here"',
      ],
    );
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/^\[echo\] still here\n {2}Writer · /);
    expect(stderr).toContain("error: unknown agent 'Writr'.\n  hint: did you mean 'Writer'?");
    expect(stderr).toContain("error: unknown command 'lst'.\n  hint: did you mean 'list'?");
    expect(stderr).toContain("undefined variable 'missing'");
    expect(stderr).toContain("error: 'save' takes one NAME, got none.");
    expect(stderr).toContain("error: 'nothing' is not a variable, an agent or a workflow.");
    expect(stderr).toContain("unknown workflow 'drfat'");
    expect(stderr).toContain("missing required input 'topic' for workflow 'draft'");
  });

  it('starts without a file, and loads one with load FILE', () => {
    const { exitCode, stdout, stderr } = repl([], ['list agents', 'load team.vega.yaml', 'list agents']);
    expect(exitCode).toBe(0);
    expect(stderr).toContain(
      'error: no file is loaded, so there are no agents.\n  hint: Load one with: load FILE',
    );
    expect(stdout).toBe(
      'loaded team.vega.yaml: 2 agents (Writer, Reviewer), 2 workflows (draft, review)\nWriter\nReviewer\n',
    );
  });

  it('refuses a file that does not load, with exit code 2', () => {
    const { exitCode, stderr } = repl(['broken.vega.yaml'], ['list agents']);
    expect(exitCode).toBe(2);
    expect(stderr).toContain('broken.vega.yaml');
  });
});

describe('vega repl in a terminal', () => {
  it('shows the prompt, re-runs the previous line on up-arrow, and keeps the history across sessions', async () => {
    const first = replInTerminal(
      ['team.vega.yaml'],
      [
        ['vega> ', 'Writer <- "first line"\r'],
        ['[echo] first line', ''],
        ['vega> ', '\u001b[A'],
        ['Writer <- "first line"', '\r'],
        ['[echo] first line', ''],
        ['vega> ', 'exit\r'],
      ],
    );
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    expect(first.output).toMatch(/^Vega REPL · team\.vega\.yaml: 2 agents \(Writer, Reviewer\), 2 workflows/);
    expect(first.output.match(/\[echo\] first line/g)).toHaveLength(2);
    expect(await readFile(join(folder.path, 'home', 'repl_history'), 'utf8')).toBe(
      'Writer <- "first line"\nexit\n',
    );

    // A new session: two up-arrows reach the line typed in the first one; Ctrl-D leaves.
    const second = replInTerminal(
      ['team.vega.yaml'],
      [
        ['vega> ', '\u001b[A\u001b[A'],
        ['Writer <- "first line"', '\r'],
        ['[echo] first line', ''],
        ['vega> ', '\u0004'],
      ],
    );
    expect(second.stderr).toBe('');
    expect(second.exitCode).toBe(0);
    expect(second.output).toContain('[echo] first line');
  });

  it('clears the line on Ctrl-C and keeps running', () => {
    const session = replInTerminal(
      ['team.vega.yaml'],
      [
        ['vega> ', 'Writer <- "abandoned"\u0003'],
        ['(type exit or press Ctrl-D to leave)', 'list workflows\r'],
        ['review', 'exit\r'],
      ],
    );
    expect(session.exitCode).toBe(0);
    expect(session.output).not.toContain('[echo] abandoned');
  });
});
