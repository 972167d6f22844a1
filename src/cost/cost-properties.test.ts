import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addUsage, type Usage } from '../spec/usage.ts';
import { addCosts } from './add-costs.ts';
import { createPriceTable } from './create-price-table.ts';

const prices = createPriceTable();
const model = fc.constantFrom(...prices.knownModels());

/** Usage as providers report it: cache tokens are part of the input, reasoning part of the output. */
const consistentUsage: fc.Arbitrary<Usage> = fc
  .record({
    plainInput: fc.nat({ max: 10_000_000 }),
    cacheReadTokens: fc.nat({ max: 10_000_000 }),
    cacheWriteTokens: fc.nat({ max: 10_000_000 }),
    outputTokens: fc.nat({ max: 1_000_000 }),
    reasoningShare: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ plainInput, cacheReadTokens, cacheWriteTokens, outputTokens, reasoningShare }) => ({
    inputTokens: plainInput + cacheReadTokens + cacheWriteTokens,
    cacheReadTokens,
    cacheWriteTokens,
    outputTokens,
    reasoningTokens: Math.floor(outputTokens * reasoningShare),
  }));

const anyUsage: fc.Arbitrary<Usage> = fc.record({
  inputTokens: fc.integer({ min: -1_000, max: 10_000_000 }),
  outputTokens: fc.integer({ min: -1_000, max: 10_000_000 }),
  cacheReadTokens: fc.integer({ min: -1_000, max: 10_000_000 }),
  cacheWriteTokens: fc.integer({ min: -1_000, max: 10_000_000 }),
  reasoningTokens: fc.integer({ min: -1_000, max: 10_000_000 }),
});

describe('cost properties', () => {
  it('is additive: the cost of two calls is the cost of their added usage, exactly', () => {
    fc.assert(
      fc.property(model, consistentUsage, consistentUsage, (name, first, second) => {
        const together = prices.costOf(name, addUsage(first, second));
        const apart = addCosts(prices.costOf(name, first), prices.costOf(name, second));
        expect(apart).toEqual(together);
      }),
    );
  });

  it('is never negative, whatever a provider reports', () => {
    fc.assert(
      fc.property(model, anyUsage, (name, reported) => {
        const cost = prices.costOf(name, reported);
        expect(cost.usd).toBeGreaterThanOrEqual(0);
        for (const part of Object.values(cost.breakdown)) expect(part).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('has a total equal to the sum of its breakdown', () => {
    fc.assert(
      fc.property(model, consistentUsage, (name, reported) => {
        const { usd, breakdown } = prices.costOf(name, reported);
        const parts = [breakdown.input, breakdown.output, breakdown.cacheRead, breakdown.cacheWrite];
        expect(Math.round((usd ?? Number.NaN) * 1e9)).toBe(
          parts.reduce((sum, part) => sum + Math.round(part * 1e9), 0),
        );
      }),
    );
  });
});
