import { formatUsd } from '../cost/format-usd.ts';
import { fromNanoDollars, toNanoDollars } from '../cost/nano-dollars.ts';
import { VegaError } from './vega-error.ts';

/**
 * A model call's worst-case cost does not fit in a budget scope. Thrown before the call waits in any
 * queue, so nothing was sent and nothing was spent.
 *
 * @example
 * try { await agent.run('...'); } catch (error) {
 *   if (BudgetExceeded.isBudgetExceeded(error)) console.log(error.scope, error.remainingUsd);
 * }
 */
export class BudgetExceeded extends VegaError {
  /** The scope whose limit would be passed, as a path: `run/step:draft/agent:Coder`. */
  readonly scope: string;
  readonly limitUsd: number;
  readonly spentUsd: number;
  /** Held by calls in flight. */
  readonly reservedUsd: number;
  /** The worst-case cost of the call that did not fit. */
  readonly requestedUsd: number;

  constructor(fields: {
    scope: string;
    limitUsd: number;
    spentUsd: number;
    reservedUsd: number;
    requestedUsd: number;
  }) {
    super(
      'budget_exceeded',
      `Budget '${fields.scope}' cannot cover this call: it would cost up to ${formatUsd(fields.requestedUsd)}, ` +
        `and of its ${formatUsd(fields.limitUsd)} limit ${formatUsd(fields.spentUsd)} is spent and ` +
        `${formatUsd(fields.reservedUsd)} is held by calls in flight.`,
      {
        hint: 'Raise the budget, lower max_tokens (the worst case of a call is its input plus max_tokens of output), or use a cheaper model.',
      },
    );
    this.name = 'BudgetExceeded';
    this.scope = fields.scope;
    this.limitUsd = fields.limitUsd;
    this.spentUsd = fields.spentUsd;
    this.reservedUsd = fields.reservedUsd;
    this.requestedUsd = fields.requestedUsd;
  }

  /** What is left to reserve: the limit minus spend and holdings, never below 0. */
  get remainingUsd(): number {
    const left =
      toNanoDollars(this.limitUsd) - toNanoDollars(this.spentUsd) - toNanoDollars(this.reservedUsd);
    return fromNanoDollars(Math.max(0, left));
  }

  static isBudgetExceeded(error: unknown): error is BudgetExceeded {
    return VegaError.isInstance(error) && error.code === 'budget_exceeded';
  }
}

/**
 * A call waited in a rate-limit queue longer than allowed (or would have to), so it was not sent.
 *
 * @example
 * catch (error) { if (RateLimited.isRateLimited(error)) retryLater(error.retryAfterMs); }
 */
export class RateLimited extends VegaError {
  /** The limiter: `anthropic/claude-sonnet-4-5`, or `agent:<name>`. */
  readonly key: string;
  readonly waitedMs: number;
  readonly maxWaitMs: number;
  /** When the call could have gone, measured from when it gave up, if known. */
  readonly retryAfterMs: number | undefined;

  constructor(fields: {
    key: string;
    waitedMs: number;
    maxWaitMs: number;
    retryAfterMs?: number | undefined;
  }) {
    super(
      'rate_limited',
      `Rate limit '${fields.key}': the call would wait longer than the allowed ${fields.maxWaitMs} ms (waited ${Math.round(fields.waitedMs)} ms).`,
      {
        hint: 'Raise max_wait, lower concurrency, or raise the requests or tokens per minute if your provider allows more.',
      },
    );
    this.name = 'RateLimited';
    this.key = fields.key;
    this.waitedMs = fields.waitedMs;
    this.maxWaitMs = fields.maxWaitMs;
    this.retryAfterMs = fields.retryAfterMs;
  }

  static isRateLimited(error: unknown): error is RateLimited {
    return VegaError.isInstance(error) && error.code === 'rate_limited';
  }
}

/**
 * A model's circuit is open after repeated failures and no fallback model could take the call.
 *
 * @example
 * catch (error) { if (CircuitOpen.isCircuitOpen(error)) console.log(`${error.key} retries at ${error.retryAt}`); }
 */
export class CircuitOpen extends VegaError {
  /** The breaker: `provider/model`. */
  readonly key: string;
  /** The clock time at which trial calls will be let through. */
  readonly retryAt: number;

  constructor(fields: { key: string; retryAt: number; now: number; cause?: unknown }) {
    const seconds = Math.max(0, Math.ceil((fields.retryAt - fields.now) / 1000));
    super(
      'circuit_open',
      `The circuit for ${fields.key} is open after repeated failures; trial calls resume in ${seconds} s.`,
      {
        hint: 'Configure fallback_models to keep working while a model is failing, or check the provider status page.',
        ...(fields.cause === undefined ? {} : { cause: fields.cause }),
      },
    );
    this.name = 'CircuitOpen';
    this.key = fields.key;
    this.retryAt = fields.retryAt;
  }

  static isCircuitOpen(error: unknown): error is CircuitOpen {
    return VegaError.isInstance(error) && error.code === 'circuit_open';
  }
}
