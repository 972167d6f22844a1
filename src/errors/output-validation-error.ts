import { VegaError } from './vega-error.ts';

/**
 * An agent declared a typed `output`, and the model's final reply was not valid JSON or did not match
 * the schema. Carries the reply text and the issues found.
 *
 * @example
 * catch (error) { if (error instanceof OutputValidationError) console.log(error.text, error.issues); }
 */
export class OutputValidationError extends VegaError {
  readonly agent: string;
  readonly text: string;
  readonly issues: readonly string[];

  constructor(agent: string, text: string, issues: readonly string[], cause?: unknown) {
    super(
      'output_invalid',
      `Agent '${agent}' replied with output that does not match its schema: ${issues.join('; ')}`,
      { cause, hint: 'Describe the expected JSON in the system prompt, or loosen the output schema.' },
    );
    this.name = 'OutputValidationError';
    this.agent = agent;
    this.text = text;
    this.issues = issues;
  }
}
