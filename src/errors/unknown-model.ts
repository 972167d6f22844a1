import { VegaError } from './vega-error.ts';

/**
 * A model name that no provider serves: its form is not one Vega recognises, or its provider prefix is
 * not registered. Carries the accepted forms and, when one is close, the name the user probably meant.
 *
 * @example
 * try { registry.resolve('claude-sonet-4-5'); } catch (error) {
 *   if (UnknownModel.isUnknownModel(error)) console.error(error.suggestion); // 'claude-sonnet-4-5'
 * }
 */
export class UnknownModel extends VegaError {
  /** The name as it was given. */
  readonly model: string;
  /** The closest known name, when one is close enough to be a likely typo. */
  readonly suggestion: string | undefined;
  /** The name forms the registry accepts, for the error message and for help output. */
  readonly acceptedForms: readonly string[];

  constructor(fields: {
    model: string;
    acceptedForms: readonly string[];
    suggestion?: string | undefined;
    /** Why the name was not accepted, when there is more to say than "unknown". */
    reason?: string;
    hint?: string;
  }) {
    const reason = fields.reason ?? `Vega does not know which provider serves model '${fields.model}'.`;
    const didYouMean = fields.suggestion === undefined ? '' : ` Did you mean '${fields.suggestion}'?`;
    super('unknown_model', `${reason}${didYouMean}`, {
      hint: fields.hint ?? `Accepted forms: ${fields.acceptedForms.join(', ')}.`,
    });
    this.name = 'UnknownModel';
    this.model = fields.model;
    this.suggestion = fields.suggestion;
    this.acceptedForms = fields.acceptedForms;
  }

  static isUnknownModel(error: unknown): error is UnknownModel {
    return VegaError.isInstance(error) && error.code === 'unknown_model';
  }
}
