import { VegaError } from '../errors/vega-error.ts';

/**
 * The command line is wrong: a missing file, an unknown flag, a flag without its value. Exit code 2.
 *
 * @example
 * throw new CommandLineError("'--output' takes text or json, not 'xml'", 'Use --output json.');
 */
export class CommandLineError extends VegaError {
  constructor(message: string, hint?: string) {
    super('invalid_command_line', message, hint === undefined ? {} : { hint });
    this.name = 'CommandLineError';
  }
}
