import type { ScriptedError } from '../../model/scripted/scripted-reply.ts';
import type { RateLimitRefusal, RateLimitState } from './rate-limiter.ts';

/** How one provider reports rate limits and failures on the wire, for the server's chaos features. */
export interface ProviderFaults {
  /** The rate-limit headers sent on every response while limits are set. */
  rateLimitHeaders(state: RateLimitState, now: number): Record<string, string>;
  /** The 429 for a request the limits refused, `retry-after` included; `model` is the requested one. */
  rateLimitError(refusal: RateLimitRefusal, model: string): ScriptedError;
  /** The provider's "overloaded" answer: Anthropic's 529, OpenAI's 503. */
  overloadedError(): ScriptedError;
  /** An internal server error, 500. */
  serverError(): ScriptedError;
}
