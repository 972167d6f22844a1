import { describe, expect, it } from 'vitest';
import type { Usage } from '../spec/usage.ts';
import { createPriceTable } from './create-price-table.ts';
import { DEFAULT_PRICES } from './default-prices.ts';

function usage(fields: Partial<Usage>): Usage {
  return {
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    ...fields,
  };
}

describe('createPriceTable().costOf', () => {
  const prices = createPriceTable();

  it('prices Anthropic input, cache reads, cache writes and output apart', () => {
    const cost = prices.costOf(
      'claude-sonnet-4-5',
      usage({
        inputTokens: 10_000,
        cacheReadTokens: 6_000,
        cacheWriteTokens: 2_000,
        outputTokens: 1_000,
        reasoningTokens: 200,
      }),
    );
    expect(cost).toEqual({
      usd: 0.0303,
      breakdown: { input: 0.006, cacheRead: 0.0018, cacheWrite: 0.0075, output: 0.015 },
      unpricedModels: [],
    });
  });

  it('prices OpenAI cached input at the cached price and does not fall back to a shorter model id', () => {
    const cost = prices.costOf(
      'gpt-4o-mini-2024-07-18',
      usage({ inputTokens: 1_000_000, cacheReadTokens: 400_000, outputTokens: 100_000 }),
    );
    expect(cost.usd).toBe(0.18);
    expect(cost.breakdown).toEqual({ input: 0.09, cacheRead: 0.03, cacheWrite: 0, output: 0.06 });
  });

  it('counts reasoning tokens once, as part of output', () => {
    const cost = prices.costOf(
      'o3',
      usage({ inputTokens: 1_000, outputTokens: 5_000, reasoningTokens: 4_000 }),
    );
    expect(cost.usd).toBe(0.042);
  });

  it('is exact to the nano-dollar for odd token counts', () => {
    expect(prices.costOf('gpt-5-nano', usage({ inputTokens: 123_456, outputTokens: 7_890 })).usd).toBe(
      0.0093288,
    );
    expect(
      prices.costOf(
        'claude-3-5-haiku',
        usage({ inputTokens: 5_000, cacheWriteTokens: 5_000, outputTokens: 300 }),
      ).usd,
    ).toBe(0.0062);
    expect(prices.costOf('gemini-2.5-flash', usage({ inputTokens: 3, outputTokens: 7 })).usd).toBe(0.0000184);
  });

  it('prices cache writes as plain input for a provider without a cache surcharge', () => {
    const cost = prices.costOf('gpt-4.1', usage({ inputTokens: 1_000_000, cacheWriteTokens: 1_000_000 }));
    expect(cost.breakdown.cacheWrite).toBe(2);
  });

  it('leaves the cost of an unknown model unknown and names the model', () => {
    const cost = prices.costOf('claude-foo', usage({ inputTokens: 100, outputTokens: 100 }));
    expect(cost).toEqual({
      usd: undefined,
      breakdown: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
      unpricedModels: ['claude-foo'],
    });
  });

  it('never goes negative when a provider reports more cached tokens than input', () => {
    const cost = prices.costOf('claude-haiku-4-5', usage({ inputTokens: 10, cacheReadTokens: 100 }));
    expect(cost.breakdown.input).toBe(0);
    expect(cost.usd).toBe(0.00001);
  });
});

describe('createPriceTable().priceOf', () => {
  const prices = createPriceTable();

  it.each([
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['claude-opus-4-1-20250805', 'claude-opus-4-1'],
    ['claude-opus-4-20250514', 'claude-opus-4'],
    ['claude-opus-4-0', 'claude-opus-4'],
    ['claude-sonnet-4-0', 'claude-sonnet-4'],
    ['claude-3-7-sonnet-latest', 'claude-3-7-sonnet'],
    ['claude-haiku-4-5@20251001', 'claude-haiku-4-5'],
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['gpt-4.1-mini-2025-04-14', 'gpt-4.1-mini'],
    ['o3-mini-2025-01-31', 'o3-mini'],
    ['gemini-2.0-flash-001', 'gemini-2.0-flash'],
    ['anthropic:claude-haiku-4-5', 'claude-haiku-4-5'],
    ['openai:gpt-5-mini', 'gpt-5-mini'],
    ['openai-chat:gpt-4o-2024-11-20', 'gpt-4o'],
    ['openai-compatible:azure:gpt-4.1', 'gpt-4.1'],
  ])('prices %s as %s', (name, canonical) => {
    expect(prices.priceOf(name)).toBe(DEFAULT_PRICES[canonical]);
  });

  it('keeps a snapshot that has its own price apart from its family', () => {
    expect(prices.priceOf('gpt-4o-2024-05-13')).toEqual({ input: 5, output: 15 });
  });

  it.each([
    'claude-foo',
    'claude-opus-4-7',
    'claude-sonnet',
    'gpt-4o-mini-foo',
    'gpt-4o-turbo',
    'gpt-5.3',
    'o5',
    'ollama:llama3.2',
    'openai-compatible:groq',
    'constructor',
    '__proto__',
    '',
  ])('knows no price for %j', (name) => {
    expect(prices.priceOf(name)).toBeUndefined();
  });

  it('never prices a model as a known model that merely shares its prefix', () => {
    for (const known of prices.knownModels()) {
      for (const suffix of ['-x', '-mini', '-pro', '-2', 'o', '.1']) {
        const name = `${known}${suffix}`;
        const price = prices.priceOf(name);
        if (price !== undefined) expect(prices.knownModels()).toContain(name);
      }
    }
  });
});

describe('createPriceTable(overrides)', () => {
  it('replaces a default price, which then also prices its snapshots', () => {
    const prices = createPriceTable({ 'gpt-4o': { input: 1, output: 2 } });
    expect(prices.priceOf('gpt-4o-2024-08-06')).toEqual({ input: 1, output: 2 });
    expect(prices.costOf('gpt-4o', usage({ inputTokens: 1_000_000, cacheReadTokens: 500_000 })).usd).toBe(1);
  });

  it('prices a model Vega does not know, by its registry name', () => {
    const prices = createPriceTable({ 'ollama:llama3.2': { input: 0, output: 0 } });
    expect(prices.costOf('ollama:llama3.2', usage({ inputTokens: 500 })).usd).toBe(0);
    expect(prices.knownModels()).toContain('ollama:llama3.2');
  });

  it('does not change the defaults of another table', () => {
    createPriceTable({ 'claude-sonnet-4-5': { input: 100, output: 100 } });
    expect(createPriceTable().priceOf('claude-sonnet-4-5')?.input).toBe(3);
  });
});
