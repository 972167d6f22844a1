import { VegaError } from './vega-error.ts';

/** Why a model call failed, decided once from status codes and error types, never from message text. */
export type ModelErrorKind =
  | 'rate_limit'
  | 'overloaded'
  | 'timeout'
  | 'server'
  | 'connection'
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'content_filter'
  | 'context_length'
  | 'aborted'
  | 'unknown';

const RETRYABLE: ReadonlySet<ModelErrorKind> = new Set([
  'rate_limit',
  'overloaded',
  'timeout',
  'server',
  'connection',
]);

/**
 * A model call that failed, classified. Carries what a user needs to act on it: the model, the provider,
 * the HTTP status and the provider's own message, and whether trying again may help.
 *
 * @example
 * if (ModelCallError.isModelCallError(error) && error.retryable) scheduleRetry(error.retryAfterMs);
 */
export class ModelCallError extends VegaError {
  readonly kind: ModelErrorKind;
  readonly provider: string;
  readonly model: string;
  readonly status: number | undefined;
  readonly providerMessage: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly url: string | undefined;

  constructor(fields: {
    kind: ModelErrorKind;
    provider: string;
    model: string;
    message: string;
    status?: number | undefined;
    providerMessage?: string | undefined;
    retryAfterMs?: number | undefined;
    url?: string | undefined;
    hint?: string;
    cause?: unknown;
  }) {
    super('model_call_failed', fields.message, {
      cause: fields.cause,
      ...(fields.hint === undefined ? {} : { hint: fields.hint }),
    });
    this.name = 'ModelCallError';
    this.kind = fields.kind;
    this.provider = fields.provider;
    this.model = fields.model;
    this.status = fields.status;
    this.providerMessage = fields.providerMessage;
    this.retryAfterMs = fields.retryAfterMs;
    this.url = fields.url;
  }

  /** Whether the same call may succeed if tried again later. */
  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }

  static isModelCallError(error: unknown): error is ModelCallError {
    return VegaError.isInstance(error) && error.code === 'model_call_failed';
  }
}
