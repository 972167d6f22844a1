import { describe, expect, it } from 'vitest';
import type { Cost } from '../spec/cost.ts';
import { addCosts, ZERO_COST } from './add-costs.ts';

function cost(usd: number | undefined, input: number, unpricedModels: string[] = []): Cost {
  return { usd, breakdown: { input, output: 0, cacheRead: 0, cacheWrite: 0 }, unpricedModels };
}

describe('addCosts', () => {
  it('adds without float noise', () => {
    expect(addCosts(cost(0.1, 0.1), cost(0.2, 0.2))).toEqual(cost(0.3, 0.3));
  });

  it('has ZERO_COST as identity', () => {
    expect(addCosts(ZERO_COST, cost(0.5, 0.5))).toEqual(cost(0.5, 0.5));
  });

  it('makes the total unknown when either part is unknown, but keeps the known breakdown', () => {
    const total = addCosts(cost(0.25, 0.25), cost(undefined, 0, ['claude-foo']));
    expect(total).toEqual(cost(undefined, 0.25, ['claude-foo']));
    expect(addCosts(total, cost(1, 1)).usd).toBeUndefined();
  });

  it('lists each unpriced model once, in first-seen order', () => {
    const total = [cost(undefined, 0, ['b']), cost(undefined, 0, ['a', 'b']), cost(0, 0)].reduce(
      addCosts,
      ZERO_COST,
    );
    expect(total.unpricedModels).toEqual(['b', 'a']);
  });
});
