import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnyTool } from '../agent/tool.ts';
import { CommandNotAllowed } from '../errors/command-not-allowed.ts';
import { commandTools } from './command-tools.ts';
import { minimalEnvironment, runProcess } from './run-process.ts';

let root: string;
const node = process.execPath;
const context = { signal: new AbortController().signal, toolCallId: 'call', agent: 'tester' };
const call = (tool: AnyTool, input: unknown) =>
  Promise.resolve(tool.execute(tool.input.parse(input), context));

beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'vega-command-')));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('run_command', () => {
  it('runs an allowed command in the sandbox, as an argument vector without a shell', async () => {
    const { run_command } = commandTools(root, { allowedCommands: [node] });
    const result = await call(run_command, {
      command: node,
      args: [
        '-e',
        'console.log(process.cwd()); console.log(process.argv[1]); process.exit(3)',
        '$(whoami); echo *',
      ],
    });
    expect(result).toEqual({ exit_code: 3, stdout: `${root}\n$(whoami); echo *\n`, stderr: '' });
  });

  it('refuses a command outside the allow-list, naming the allowed ones', async () => {
    const { run_command } = commandTools(root, { allowedCommands: ['git', 'npm'] });
    const error = await call(run_command, { command: 'rm', args: ['-rf', '.'] }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(CommandNotAllowed);
    expect((error as CommandNotAllowed).message).toBe(
      "Command 'rm' is not allowed; allowed commands: git, npm.",
    );
    expect((error as CommandNotAllowed).code).toBe('command_not_allowed');
    // Written out exactly: an allowed name does not allow another path to a program of that name.
    await expect(call(run_command, { command: './git' })).rejects.toBeInstanceOf(CommandNotAllowed);
    const none = commandTools(root, { allowedCommands: [] }).run_command;
    await expect(call(none, { command: 'ls' })).rejects.toThrow('no command is allowed here');
  });

  it('tells the model which commands it may run', () => {
    const { run_command } = commandTools(root, { allowedCommands: ['git', 'npm'] });
    expect(run_command.definition.description).toContain('Allowed programs: git, npm.');
    expect(run_command.idempotent).toBe(false);
  });
});

describe('runProcess', () => {
  const limits = { timeoutMs: 30_000, maxOutputBytes: 1000, signal: context.signal };

  it('caps each output stream and says so', async () => {
    const result = await runProcess(
      node,
      ['-e', 'process.stdout.write("x".repeat(100000)); process.stderr.write("e")'],
      {
        ...limits,
        cwd: root,
      },
    );
    expect(result.stdout).toBe('x'.repeat(1000));
    expect(result.stderr).toBe('e');
    expect(result.truncated).toBe(true);
  });

  it('kills a command that runs past its timeout', async () => {
    const result = await runProcess(node, ['-e', 'setInterval(() => {}, 1000)'], {
      ...limits,
      timeoutMs: 50,
      cwd: root,
    });
    expect(result).toMatchObject({ exit_code: null, timed_out: true });
  });

  it('kills the command when the signal aborts, and rejects with the reason', async () => {
    const controller = new AbortController();
    const running = runProcess(node, ['-e', 'console.log("up"); setInterval(() => {}, 1000)'], {
      ...limits,
      signal: controller.signal,
      cwd: root,
    });
    controller.abort(new Error('cancelled'));
    await expect(running).rejects.toThrow('cancelled');
  });

  it('rejects when the program does not exist', async () => {
    await expect(runProcess('vega-no-such-program', [], { ...limits, cwd: root })).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('hands commands only the variables they need, never secrets', () => {
    expect(
      minimalEnvironment({ PATH: '/usr/bin', HOME: '/home/a', ANTHROPIC_API_KEY: 'sk-secret', LANG: 'C' }),
    ).toEqual({ PATH: '/usr/bin', HOME: '/home/a', LANG: 'C' });
  });
});
