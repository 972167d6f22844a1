import type { RateLimitOptions } from '../policy-options.ts';

/**
 * Token buckets for one key (`anthropic/claude-sonnet-4-5`, or `agent:Coder`): one for requests per
 * minute and one for tokens per minute. Callers that do not fit wait in a queue, highest priority first
 * and FIFO within a priority; the head of the queue is never overtaken.
 *
 * @example
 * const limiter = createRateLimiter({ key: 'openai/gpt-4o', requestsPerMinute: 600, tokensPerMinute: 200_000 });
 * const permit = await limiter.acquire({ tokens: 1_200, signal });
 * const result = await model.doGenerate(options);
 * permit.reconcile(result.usage.inputTokens.total + result.usage.outputTokens.total);
 * limiter.observe(readRateLimitHeaders(result.response?.headers));
 */
export interface RateLimiter {
  readonly key: string;
  /**
   * Waits until one request and `tokens` tokens are available and takes them. Rejects with
   * `RateLimited` when it would wait longer than `maxWaitMs` (the call's, else the limiter's), and with
   * `signal.reason` when the signal aborts while queued (the place is given up).
   */
  acquire(request: RateLimitRequest): Promise<RatePermit>;
  /** Learns from a response's rate-limit headers (see `readRateLimitHeaders`). */
  observe(observation: RateLimitObservation): void;
  /** Lets nothing through before `until` (a provider's `Retry-After`). */
  pauseUntil(until: number): void;
  /** The limits in force, declared or learned. */
  limits(): RateLimitOptions;
  stats(): RateLimiterStats;
}

export interface RateLimitRequest {
  /** Estimated tokens of the call, input + worst-case output. */
  readonly tokens: number;
  /** Higher goes first; default 0. */
  readonly priority?: number;
  readonly signal?: AbortSignal;
  readonly maxWaitMs?: number;
}

/** What one caller holds. */
export interface RatePermit {
  /** How long it waited in the queue. */
  readonly waitedMs: number;
  /** Corrects the tokens taken to the call's actual tokens: the difference is given back or taken. Once. */
  reconcile(actualTokens: number): void;
}

/** Rate-limit facts read from a response's headers; anything may be absent. */
export interface RateLimitObservation {
  readonly requests?: LimitReading;
  /** Total tokens (OpenAI's `x-ratelimit-*-tokens`, Anthropic's `anthropic-ratelimit-tokens-*`). */
  readonly tokens?: LimitReading;
  readonly inputTokens?: LimitReading;
  readonly outputTokens?: LimitReading;
  /** From `retry-after-ms` / `retry-after`. */
  readonly retryAfterMs?: number;
}

export interface LimitReading {
  readonly limit?: number;
  readonly remaining?: number;
  /** Milliseconds until the bucket is full again (or until the limit resets). */
  readonly resetMs?: number;
}

export interface RateLimiterStats {
  /** Callers waiting now. */
  readonly queueDepth: number;
  /** Callers let through so far. */
  readonly granted: number;
  /** Callers that gave up (max wait, abort). */
  readonly rejected: number;
  /** Total and longest wait of callers let through. */
  readonly totalWaitMs: number;
  readonly maxWaitMs: number;
}
