import { describe, expect, it } from 'vitest';
import { manualClock } from '../../testing/manual-clock.ts';
import type { PolicyEvent } from '../policy-event.ts';
import { createRateLimits } from './create-rate-limits.ts';

describe('createRateLimits', () => {
  it('gives one limiter per provider/model, shared by every caller', () => {
    const limits = createRateLimits();
    const first = limits.limiterFor('openai', 'gpt-4o');
    expect(limits.limiterFor('openai', 'gpt-4o')).toBe(first);
    expect(first.key).toBe('openai/gpt-4o');
    expect(limits.limiterFor('azure', 'gpt-4o')).not.toBe(first);
    expect(limits.all().map((limiter) => limiter.key)).toEqual(['openai/gpt-4o', 'azure/gpt-4o']);
  });

  it('matches perModel entries by provider/model, then provider:model, then the bare model id', () => {
    const limits = createRateLimits({
      default: { requestsPerMinute: 10, maxWaitMs: 60_000 },
      perModel: {
        'gpt-4o': { tokensPerMinute: 1_000 },
        'openai:gpt-4o-mini': { tokensPerMinute: 2_000 },
        'anthropic/claude-sonnet-4-5': { requestsPerMinute: 50 },
        'anthropic:claude-sonnet-4-5': { requestsPerMinute: 1 },
      },
    });
    expect(limits.limiterFor('openai', 'gpt-4o').limits()).toEqual({
      requestsPerMinute: 10,
      tokensPerMinute: 1_000,
      maxWaitMs: 60_000,
    });
    expect(limits.limiterFor('openai', 'gpt-4o-mini').limits()).toMatchObject({ tokensPerMinute: 2_000 });
    expect(limits.limiterFor('anthropic', 'claude-sonnet-4-5').limits()).toMatchObject({
      requestsPerMinute: 50,
    });
    expect(limits.limiterFor('ollama', 'llama3').limits()).toEqual({
      requestsPerMinute: 10,
      maxWaitMs: 60_000,
    });
  });

  it('lets a model lift a default limit with Infinity', () => {
    const limits = createRateLimits({
      default: { requestsPerMinute: 10 },
      perModel: { local: { requestsPerMinute: Number.POSITIVE_INFINITY } },
    });
    expect(limits.limiterFor('ollama', 'local').limits()).toEqual({});
  });

  it('does not take inherited object keys for models', () => {
    const limits = createRateLimits({ perModel: {} });
    expect(limits.limiterFor('x', 'constructor').limits()).toEqual({});
  });

  it('passes learning, the clock and the listener to every limiter, and reports stats by key', async () => {
    const clock = manualClock(0);
    const events: PolicyEvent[] = [];
    const limits = createRateLimits({ learn: true, clock, onEvent: (event) => events.push(event) });
    const limiter = limits.limiterFor('anthropic', 'claude-haiku-4-5');
    limiter.observe({ requests: { limit: 60, remaining: 0 } });
    expect(events).toMatchObject([{ type: 'rate-limit-learned', key: 'anthropic/claude-haiku-4-5' }]);
    const waiting = limiter.acquire({ tokens: 1 });
    expect(limits.stats()).toEqual([
      {
        key: 'anthropic/claude-haiku-4-5',
        queueDepth: 1,
        granted: 0,
        rejected: 0,
        totalWaitMs: 0,
        maxWaitMs: 0,
      },
    ]);
    await clock.tick(1_000);
    expect((await waiting).waitedMs).toBe(1_000);
  });
});
