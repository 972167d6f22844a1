import { VegaError } from '../errors/vega-error.ts';

/**
 * A REPL line that cannot be carried out: an unknown command, an agent or variable that does not
 * exist, a message without its closing quote. Code `invalid_repl_line`; the REPL prints it and goes on.
 *
 * @example
 * throw new ReplLineError("unknown command 'lst'", "did you mean 'list'?");
 */
export class ReplLineError extends VegaError {
  constructor(message: string, hint?: string) {
    super('invalid_repl_line', message, hint === undefined ? {} : { hint });
    this.name = 'ReplLineError';
  }
}
