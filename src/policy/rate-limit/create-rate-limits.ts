import type { Clock } from '../../spec/clock.ts';
import type { PolicyEventListener } from '../policy-event.ts';
import type { RateLimitOptions } from '../policy-options.ts';
import { createRateLimiter } from './create-rate-limiter.ts';
import type { RateLimiter, RateLimiterStats } from './rate-limiter.ts';

export interface CreateRateLimitsOptions {
  /** Limits for every model; a model's own entry overrides them field by field. */
  readonly default?: RateLimitOptions;
  /** Keyed by `provider/model`, `provider:model` or the bare model id (tried in that order). */
  readonly perModel?: Readonly<Record<string, RateLimitOptions>>;
  /** Learn limits from response headers; default false. */
  readonly learn?: boolean;
  readonly clock?: Clock;
  readonly onEvent?: PolicyEventListener;
}

/** One limiter's stats with its key. */
export interface KeyedRateLimiterStats extends RateLimiterStats {
  readonly key: string;
}

/** The rate limiters of a runtime: one per `provider/model`, shared by every caller of that model. */
export interface RateLimits {
  /** The limiter of `provider/model`, created on first use. */
  limiterFor(provider: string, model: string): RateLimiter;
  /** Every limiter created so far. */
  all(): RateLimiter[];
  stats(): KeyedRateLimiterStats[];
}

/**
 * The shared rate limiters, one per `provider/model`, created on first use. A model's limits are the
 * `default` overridden field by field by its `perModel` entry; `Infinity` as a rate lifts a default. A
 * model with no limits (and `learn` off) costs one resolved promise per call.
 *
 * @example
 * const limits = createRateLimits({
 *   default: { maxWaitMs: 60_000 },
 *   perModel: { 'gpt-4o': { requestsPerMinute: 500, tokensPerMinute: 30_000 } },
 *   learn: true,
 * });
 * const permit = await limits.limiterFor('openai', 'gpt-4o').acquire({ tokens: 2_000 });
 */
export function createRateLimits(options: CreateRateLimitsOptions = {}): RateLimits {
  const limiters = new Map<string, RateLimiter>();
  const perModel = options.perModel ?? {};

  const entryFor = (provider: string, model: string): RateLimitOptions | undefined => {
    for (const name of [`${provider}/${model}`, `${provider}:${model}`, model]) {
      if (Object.hasOwn(perModel, name)) return perModel[name];
    }
    return undefined;
  };

  return {
    limiterFor(provider: string, model: string): RateLimiter {
      const key = `${provider}/${model}`;
      const existing = limiters.get(key);
      if (existing !== undefined) return existing;
      const limiter = createRateLimiter({
        ...options.default,
        ...entryFor(provider, model),
        key,
        learn: options.learn ?? false,
        ...(options.clock === undefined ? {} : { clock: options.clock }),
        ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
      });
      limiters.set(key, limiter);
      return limiter;
    },

    all(): RateLimiter[] {
      return [...limiters.values()];
    },

    stats(): KeyedRateLimiterStats[] {
      return [...limiters.values()].map((limiter) => ({ key: limiter.key, ...limiter.stats() }));
    },
  };
}
