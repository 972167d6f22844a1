import { z } from 'zod';
import type { AnyTool } from '../agent/tool.ts';
import { tool } from '../agent/tool.ts';
import { checkCommandAllowed } from './allowed-commands.ts';
import { runProcess } from './run-process.ts';
import { Sandbox } from './sandbox.ts';

/** Limits of `run_command`. */
export interface CommandToolOptions {
  /** Commands the tool may run, as written in `settings.allowed_commands`. */
  readonly allowedCommands: readonly string[];
  /** Default 60 s. */
  readonly timeoutMs?: number;
  /** Bytes kept of stdout and of stderr each; default 64 KiB. */
  readonly maxOutputBytes?: number;
}

/** Default timeout of a command run by a tool. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 60_000;
/** Default cap of each output stream of a command run by a tool. */
export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;

/**
 * The built-in `run_command`: runs an allowed command as an argument vector (no shell) in the sandbox
 * folder, with a timeout and capped output. A command outside the allow-list is refused with
 * `CommandNotAllowed`, which the model reads with the list of allowed commands.
 *
 * @example
 * const { run_command } = commandTools('./workspace', { allowedCommands: ['git', 'npm'] });
 */
export function commandTools(
  sandboxRoot: string,
  options: CommandToolOptions,
): Record<'run_command', AnyTool> {
  const sandbox = new Sandbox(sandboxRoot);
  const allowed = options.allowedCommands;
  return {
    run_command: tool({
      name: 'run_command',
      description: `Run a program in the workspace folder, without a shell: give the program and its arguments separately. Allowed programs: ${
        allowed.length === 0 ? 'none' : allowed.join(', ')
      }. Returns exit_code, stdout and stderr.`,
      input: z.object({
        command: z.string().min(1).describe('The program to run, e.g. "git"'),
        args: z
          .array(z.string())
          .default([])
          .describe('Its arguments, one per item, e.g. ["status", "--short"]'),
      }),
      // A command can do anything; redoing it after a crash is not known to be safe.
      idempotent: false,
      async execute({ command, args }, { signal }) {
        checkCommandAllowed(command, allowed);
        return runProcess(command, args, {
          cwd: await sandbox.resolve('.'),
          timeoutMs: options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
          maxOutputBytes: options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
          signal,
        });
      },
    }),
  };
}
