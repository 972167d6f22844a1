import { VegaError } from './vega-error.ts';

/**
 * A workflow agent has no model: neither `model:` on the agent, nor `settings.default_model`, nor
 * `--model` on the command line.
 *
 * @example
 * throw new NoModelConfigured('Writer');
 */
export class NoModelConfigured extends VegaError {
  readonly agent: string;

  constructor(agent: string) {
    super('no_model', `Agent '${agent}' has no model.`, {
      hint: 'Set `model:` on the agent or `settings.default_model`, or pass --model (e.g. --model scripted:echo for an offline dry run).',
    });
    this.name = 'NoModelConfigured';
    this.agent = agent;
  }
}
