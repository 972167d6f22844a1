import { VegaError } from './vega-error.ts';

/**
 * An agent step with `format: json` got no usable reply after its re-asks: code `invalid_json` when
 * the last reply was not JSON, `schema_mismatch` when it was but did not match the step's `schema`.
 *
 * @example
 * catch (error) { if (InvalidJsonReply.isInvalidJsonReply(error)) console.log(error.step, error.problems); }
 */
export class InvalidJsonReply extends VegaError {
  /** How the step is named: its id, or `#<n> <agent> <description>`. */
  readonly step: string;
  readonly agent: string;
  /** What was wrong with the last reply, one line per problem. */
  readonly problems: readonly string[];
  /** The last reply, as the agent wrote it. */
  readonly reply: string;
  /** How many replies were asked for (the first and the re-asks). */
  readonly attempts: number;

  constructor(
    code: 'invalid_json' | 'schema_mismatch',
    fields: { step: string; agent: string; problems: readonly string[]; reply: string; attempts: number },
  ) {
    const what = code === 'invalid_json' ? 'no valid JSON' : 'JSON that does not match the schema';
    super(
      code,
      `step '${fields.step}': agent '${fields.agent}' replied with ${what} after ${fields.attempts} ${
        fields.attempts === 1 ? 'try' : 'tries'
      }: ${fields.problems.join('; ')}`,
      { hint: "make the step's message say exactly which JSON to reply with, or loosen `schema`" },
    );
    this.name = 'InvalidJsonReply';
    this.step = fields.step;
    this.agent = fields.agent;
    this.problems = fields.problems;
    this.reply = fields.reply;
    this.attempts = fields.attempts;
  }

  static isInvalidJsonReply(error: unknown): error is InvalidJsonReply {
    return VegaError.isInstance(error) && (error.code === 'invalid_json' || error.code === 'schema_mismatch');
  }
}
