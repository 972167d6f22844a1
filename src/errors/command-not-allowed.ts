import { VegaError } from './vega-error.ts';

/**
 * A tool was asked to run a command that is not in its allow-list (`settings.allowed_commands`, or a
 * custom tool's `capabilities.allowed_commands`). The model sees it as the tool's error, with the
 * commands it may use.
 *
 * @example
 * if (error instanceof CommandNotAllowed) console.log(error.command, error.allowed);
 */
export class CommandNotAllowed extends VegaError {
  readonly command: string;
  readonly allowed: readonly string[];

  constructor(command: string, allowed: readonly string[]) {
    super(
      'command_not_allowed',
      `Command '${command}' is not allowed; ${
        allowed.length === 0 ? 'no command is allowed here' : `allowed commands: ${allowed.join(', ')}`
      }.`,
      {
        hint: 'add the command to `settings.allowed_commands` (or the tool’s `capabilities.allowed_commands`)',
      },
    );
    this.name = 'CommandNotAllowed';
    this.command = command;
    this.allowed = allowed;
  }
}
