import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModelCallRecord } from '../../agent/agent-result.ts';
import { addUsage, type Usage, ZERO_USAGE } from '../../spec/usage.ts';
import { costOfUsage } from '../cost-of-usage.ts';
import { toNanoDollars } from '../nano-dollars.ts';
import { type CostRecord, costRecordsFromModelCalls } from './cost-record.ts';
import { PRICES, record, SONNET, usage } from './cost-record-fixtures.ts';
import { buildCostTree, type CostNode, costTreeToJson } from './cost-tree.ts';

function leaves(node: CostNode): CostNode[] {
  return node.kind === 'call' ? [node] : node.children.flatMap(leaves);
}

function shape(node: CostNode): unknown {
  return node.kind === 'call' ? node.name : { [`${node.kind} ${node.name}`]: node.children.map(shape) };
}

describe('buildCostTree', () => {
  it('prices a call exactly: 10,000 in and 500 out at $3/M and $15/M is $0.0375', () => {
    const tree = buildCostTree([record('Coder', 'claude-sonnet-4-5', usage(10_000, 500), { step: 'draft' })]);
    expect(tree.cost.usd).toBe(0.0375);
    expect(tree.cost.breakdown).toEqual({ input: 0.03, output: 0.0075, cacheRead: 0, cacheWrite: 0 });
    expect(tree.usage).toEqual(usage(10_000, 500));
    expect(tree.calls).toBe(1);
  });

  it('sums every level exactly, without float noise', () => {
    const tree = buildCostTree([
      record('Coder', 'claude-sonnet-4-5', usage(10_000, 500), { step: 'draft' }), // $0.0375
      record('Coder', 'claude-sonnet-4-5', usage(2_345, 1_501, 1_000, 200), { step: 'draft' }), // $0.027
      record('Critic', 'claude-haiku-4-5', usage(100_000, 1_000), { step: 'draft' }), // $0.105
      record('Critic', 'claude-haiku-4-5', usage(1, 1), { step: 'review' }), // $0.000006
    ]);
    const [draft, review] = tree.children;
    expect(draft?.children.map((agent) => agent.cost.usd)).toEqual([0.0645, 0.105]);
    expect(draft?.cost.usd).toBe(0.1695);
    expect(review?.cost.usd).toBe(0.000006);
    expect(tree.cost.usd).toBe(0.169506);
    expect(tree.cost.breakdown).toEqual({
      input: 0.133436,
      output: 0.03502,
      cacheRead: 0.0003,
      cacheWrite: 0.00075,
    });
    expect(tree.usage).toEqual(usage(112_346, 3_002, 1_000, 200));
    expect([tree.calls, draft?.calls, review?.calls]).toEqual([4, 3, 1]);
  });

  it('keeps steps and agents in first-seen order and numbers calls within their agent', () => {
    const tree = buildCostTree(
      [
        record('Coder', 'claude-sonnet-4-5', usage(1, 1), { step: 'review' }),
        record('Critic', 'claude-haiku-4-5', usage(1, 1), { step: 'draft' }),
        record('Coder', 'claude-haiku-4-5', usage(1, 1), { step: 'draft' }),
        record('Critic', 'claude-sonnet-4-5', usage(1, 1), { step: 'draft' }),
        record('Coder', 'claude-sonnet-4-5', usage(1, 1), { step: 'review' }),
      ],
      'greet',
    );
    expect(tree.kind).toBe('run');
    expect(shape(tree)).toEqual({
      'run greet': [
        { 'step review': [{ 'agent Coder': ['#1 claude-sonnet-4-5', '#2 claude-sonnet-4-5'] }] },
        {
          'step draft': [
            { 'agent Critic': ['#1 claude-haiku-4-5', '#2 claude-sonnet-4-5'] },
            { 'agent Coder': ['#1 claude-haiku-4-5'] },
          ],
        },
      ],
    });
  });

  it('puts agents directly under the run when records have no step, next to steps in first-seen order', () => {
    const tree = buildCostTree([
      record('Solo', 'claude-haiku-4-5', usage(1, 1)),
      record('Coder', 'claude-haiku-4-5', usage(1, 1), { step: 'draft' }),
      record('Solo', 'claude-haiku-4-5', usage(1, 1), { step: '' }),
      record('Solo', 'claude-haiku-4-5', usage(1, 1), { step: 'Solo' }),
    ]);
    expect(shape(tree)).toEqual({
      'run run': [
        { 'agent Solo': ['#1 claude-haiku-4-5', '#2 claude-haiku-4-5'] },
        { 'step draft': [{ 'agent Coder': ['#1 claude-haiku-4-5'] }] },
        { 'step Solo': [{ 'agent Solo': ['#1 claude-haiku-4-5'] }] },
      ],
    });
  });

  it('keeps provider, model, attempts and fallback on call nodes', () => {
    const tree = buildCostTree([
      record('Coder', 'claude-haiku-4-5', usage(1, 1), { attempts: 3, fallbackFrom: 'claude-sonnet-4-5' }),
      record('Coder', 'claude-haiku-4-5', usage(1, 1)),
    ]);
    const [first, second] = leaves(tree);
    expect(first).toMatchObject({
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
      attempts: 3,
      fallbackFrom: 'claude-sonnet-4-5',
      calls: 1,
      children: [],
    });
    expect(second).not.toHaveProperty('attempts');
    expect(second).not.toHaveProperty('fallbackFrom');
    expect(tree.children[0]).not.toHaveProperty('model');
  });

  it('makes a total unknown when a call under it is unpriced, keeping the known breakdown', () => {
    const tree = buildCostTree([
      record('Coder', 'claude-sonnet-4-5', usage(10_000, 500), { step: 'draft' }),
      record('Critic', 'mystery-1', usage(100, 10), { step: 'review' }),
      record('Critic', 'mystery-2', usage(100, 10), { step: 'review' }),
      record('Critic', 'mystery-1', usage(100, 10), { step: 'review' }),
    ]);
    const [draft, review] = tree.children;
    expect(draft?.cost.usd).toBe(0.0375);
    expect(draft?.cost.unpricedModels).toEqual([]);
    expect(review?.cost.usd).toBeUndefined();
    expect(review?.cost.unpricedModels).toEqual(['mystery-1', 'mystery-2']);
    expect(tree.cost.usd).toBeUndefined();
    expect(tree.cost.breakdown).toEqual({ input: 0.03, output: 0.0075, cacheRead: 0, cacheWrite: 0 });
    expect(tree.cost.unpricedModels).toEqual(['mystery-1', 'mystery-2']);
  });

  it('gives an empty run zero usage, zero cost and no children', () => {
    const tree = buildCostTree([], 'idle');
    expect(tree).toEqual({
      kind: 'run',
      name: 'idle',
      usage: ZERO_USAGE,
      cost: { usd: 0, breakdown: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, unpricedModels: [] },
      calls: 0,
      children: [],
    });
  });

  it('does not share or mutate the records it is built from', () => {
    const input = record('Coder', 'mystery-1', usage(1, 1));
    const tree = buildCostTree([input, input]);
    expect(tree.cost.unpricedModels).toEqual(['mystery-1']);
    expect(input.cost.unpricedModels).toEqual(['mystery-1']);
    expect(leaves(tree)[0]?.usage).not.toBe(input.usage);
    expect(leaves(tree)[0]?.cost.unpricedModels).not.toBe(input.cost.unpricedModels);
  });
});

const MODELS = ['claude-sonnet-4-5', 'claude-haiku-4-5', 'mystery-1'];

const arbitraryUsage: fc.Arbitrary<Usage> = fc
  .record({
    plain: fc.nat({ max: 5_000_000 }),
    cacheRead: fc.nat({ max: 5_000_000 }),
    cacheWrite: fc.nat({ max: 5_000_000 }),
    output: fc.nat({ max: 1_000_000 }),
  })
  .map(({ plain, cacheRead, cacheWrite, output }) =>
    usage(plain + cacheRead + cacheWrite, output, cacheRead, cacheWrite),
  );

const arbitraryRecord: fc.Arbitrary<CostRecord> = fc
  .record({
    step: fc.constantFrom<string | undefined>(undefined, 'draft', 'review', '#2 Coder writes the code'),
    agent: fc.constantFrom('Coder', 'Critic', 'Planner'),
    model: fc.constantFrom(...MODELS),
    used: arbitraryUsage,
  })
  .map(({ step, agent, model, used }) => record(agent, model, used, step === undefined ? {} : { step }));

/** Every non-call node's totals are the exact sums of its children's. */
function expectExactSums(node: CostNode): void {
  if (node.kind === 'call') return;
  expect(node.usage).toEqual(node.children.map((child) => child.usage).reduce(addUsage, ZERO_USAGE));
  expect(node.calls).toBe(node.children.reduce((sum, child) => sum + child.calls, 0));
  const known = node.children.every((child) => child.cost.usd !== undefined);
  if (known) {
    expect(toNanoDollars(node.cost.usd ?? Number.NaN)).toBe(
      node.children.reduce((sum, child) => sum + toNanoDollars(child.cost.usd ?? Number.NaN), 0),
    );
  } else {
    expect(node.cost.usd).toBeUndefined();
  }
  for (const child of node.children) expectExactSums(child);
}

describe('buildCostTree properties', () => {
  it('has a run total equal to the sum of its calls, in nano-dollars and tokens', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRecord, { maxLength: 30 }), (records) => {
        const tree = buildCostTree(records);
        const calls = leaves(tree);
        expect(calls).toHaveLength(records.length);
        expect(tree.calls).toBe(records.length);
        expect(tree.usage).toEqual(records.map((each) => each.usage).reduce(addUsage, ZERO_USAGE));
        for (const part of ['input', 'output', 'cacheRead', 'cacheWrite'] as const) {
          expect(toNanoDollars(tree.cost.breakdown[part])).toBe(
            calls.reduce((sum, call) => sum + toNanoDollars(call.cost.breakdown[part]), 0),
          );
        }
        const unpriced = records.filter((each) => PRICES[each.model] === undefined).map((each) => each.model);
        expect(new Set(tree.cost.unpricedModels)).toEqual(new Set(unpriced));
        if (unpriced.length > 0) {
          expect(tree.cost.usd).toBeUndefined();
        } else {
          expect(toNanoDollars(tree.cost.usd ?? Number.NaN)).toBe(
            calls.reduce((sum, call) => sum + toNanoDollars(call.cost.usd ?? Number.NaN), 0),
          );
          expect(toNanoDollars(tree.cost.usd ?? Number.NaN)).toBe(
            records.reduce((sum, each) => sum + toNanoDollars(each.cost.usd ?? Number.NaN), 0),
          );
        }
        expectExactSums(tree);
      }),
    );
  });

  it('keeps the record order within each agent', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRecord, { maxLength: 30 }), (records) => {
        const tree = buildCostTree(records);
        for (const group of tree.children) {
          const agents = group.kind === 'step' ? group.children : [group];
          for (const agent of agents) {
            const expected = records.filter(
              (each) =>
                each.agent === agent.name &&
                (group.kind === 'step' ? each.step === group.name : each.step === undefined),
            );
            expect(agent.children.map((call) => call.usage)).toEqual(expected.map((each) => each.usage));
            expect(agent.children.map((call) => call.name)).toEqual(
              expected.map((each, index) => `#${index + 1} ${each.model}`),
            );
          }
        }
      }),
    );
  });
});

describe('costRecordsFromModelCalls', () => {
  it('names the agent and step of each model call', () => {
    const used = usage(10_000, 500);
    const calls: ModelCallRecord[] = [
      {
        turn: 1,
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        usage: used,
        cost: costOfUsage('claude-sonnet-4-5', SONNET, used),
        finishReason: 'stop',
      },
    ];
    expect(costRecordsFromModelCalls(calls, { agent: 'Coder', step: 'draft' })).toEqual([
      {
        step: 'draft',
        agent: 'Coder',
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        usage: used,
        cost: calls[0]?.cost,
      },
    ]);
    expect(costRecordsFromModelCalls(calls, { agent: 'Coder' })[0]).not.toHaveProperty('step');
  });
});

describe('costTreeToJson', () => {
  it('writes an unknown cost as null and survives a JSON round trip', () => {
    const tree = buildCostTree([
      record('Coder', 'claude-sonnet-4-5', usage(10_000, 500), { step: 'draft', attempts: 2 }),
      record('Critic', 'mystery-1', usage(100, 10), { step: 'review' }),
    ]);
    const json = costTreeToJson(tree);
    expect(json.cost).toEqual({
      usd: null,
      breakdown: { input: 0.03, output: 0.0075, cacheRead: 0, cacheWrite: 0 },
      unpricedModels: ['mystery-1'],
    });
    expect(json.children[0]?.cost.usd).toBe(0.0375);
    expect(json.children[0]?.children[0]?.children[0]).toMatchObject({
      kind: 'call',
      name: '#1 claude-sonnet-4-5',
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      attempts: 2,
    });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
