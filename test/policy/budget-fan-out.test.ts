/**
 * A budget stops a 200-way fan-out exactly at its limit. 200 agent runs start at once under one run
 * scope, against the fixture server over HTTP through the real Anthropic adapter; every reservation is a
 * provable worst case, so the scope admits exactly as many calls as that worst case fits, refuses the
 * rest before they send anything, and afterwards charges only what the calls really cost.
 *
 * The arithmetic, in micro-dollars (µ$), with hand-written prices of $2 (input) and $10 (output) per
 * million tokens, i.e. 2 µ$ and 10 µ$ per token:
 *
 * - Worst case of one call: the prompt `[{"role":"user","content":[{"type":"text","text":PROMPT}]}]` is
 *   100 bytes of JSON, so at most 100 input tokens (byte-level BPE never yields more tokens than bytes),
 *   plus max_tokens 1,000 of output: 100 × 2 + 1,000 × 10 = 10,200 µ$ ($0.0102).
 * - Actual cost of one call: the server reports 40 input and 800 output tokens: 40 × 2 + 800 × 10 =
 *   8,080 µ$ ($0.00808).
 * - Limit 500,000 µ$ ($0.50). The replies are delayed 20 ms, so all 200 reservations are made before any
 *   call settles: floor(500,000 / 10,200) = 49 fit (49 × 10,200 = 499,800; a 50th would need 510,000).
 *   Spend after them: 49 × 8,080 = 395,920 µ$.
 * - Then the room the overestimates left: 500,000 − 395,920 = 104,080 fits floor(104,080 / 10,200) = 10
 *   more (spend 476,720); then 23,280 fits 2 (spend 492,880); then 7,120 < 10,200 fits none. The limit
 *   binds after 49 + 10 + 2 = 61 calls and $0.49288, with $0.00712 left.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toNanoDollars } from '../../src/cost/nano-dollars.ts';
import {
  type AgentResult,
  BudgetExceeded,
  type BudgetScope,
  createRuntime,
  defineAgent,
  type Runtime,
} from '../../src/index.ts';
import { type FixtureServer, startFixtureServer } from '../../src/testing/index.ts';
import { fixtureEnvironment } from '../integration/trip-scenario.ts';

const PROMPT = 'Summarise your shard of the report in a line.';
const MODEL = 'claude-haiku-4-5';
const PRICES = { [MODEL]: { input: 2, output: 10 } };
const MAX_TOKENS = 1_000;
const LIMIT_USD = 0.5;
const WORST_CASE_USD = 0.0102;
const ACTUAL_USD = 0.00808;
const FAN_OUT = 200;

let server: FixtureServer;
let runtime: Runtime;
let run: BudgetScope;

beforeEach(async () => {
  server = await startFixtureServer();
  server.setHandler(() => ({ text: 'A line.', usage: { input: 40, output: 800 }, delayMs: 20 }));
  runtime = createRuntime({ env: fixtureEnvironment(server), prices: PRICES });
  run = runtime.budget.child('run', { limitUsd: LIMIT_USD });
});
afterEach(async () => {
  await server.close();
});

const agent = defineAgent({
  name: 'summariser',
  model: MODEL,
  maxTokens: MAX_TOKENS,
  policies: { retry: { maxAttempts: 1, backoff: 'constant', initialMs: 0, maxMs: 0 } },
});

interface Wave {
  readonly succeeded: AgentResult[];
  readonly refused: BudgetExceeded[];
}

/** Starts `size` runs at once under the run scope and waits for all of them. */
async function wave(size: number): Promise<Wave> {
  const settled = await Promise.allSettled(
    Array.from({ length: size }, () => agent.run(PROMPT, { environment: runtime.environment, budget: run })),
  );
  const succeeded: AgentResult[] = [];
  const refused: BudgetExceeded[] = [];
  for (const outcome of settled) {
    if (outcome.status === 'fulfilled') succeeded.push(outcome.value);
    else if (BudgetExceeded.isBudgetExceeded(outcome.reason)) refused.push(outcome.reason);
    else throw outcome.reason;
  }
  return { succeeded, refused };
}

const nanoSum = (results: readonly AgentResult[]) =>
  results.reduce((sum, result) => sum + toNanoDollars(result.cost.usd ?? Number.NaN), 0);

describe('a budget over a 200-way fan-out', () => {
  it('admits exactly floor(limit / worst case) calls, refuses the rest unsent, and charges the actual cost', async () => {
    // The worst case of the comments above: a 100-byte prompt and 1,000 output tokens.
    expect(
      Buffer.byteLength(JSON.stringify([{ role: 'user', content: [{ type: 'text', text: PROMPT }] }])),
    ).toBe(100);

    const { succeeded, refused } = await wave(FAN_OUT);

    expect(succeeded).toHaveLength(49);
    expect(refused).toHaveLength(FAN_OUT - 49);
    // Refused before sending: the server saw only the admitted calls.
    expect(server.stats().requests).toBe(49);
    // Every refusal came while the 49 holds were in flight and nothing was settled yet.
    for (const error of refused) {
      expect(error).toMatchObject({
        scope: 'global/run',
        limitUsd: LIMIT_USD,
        requestedUsd: WORST_CASE_USD,
        spentUsd: 0,
        reservedUsd: 0.4998,
      });
    }
    for (const result of succeeded) expect(result.cost.usd).toBe(ACTUAL_USD);
    // Spend is the sum of the actual costs, to the nano-dollar; nothing stays held.
    expect(toNanoDollars(run.used())).toBe(nanoSum(succeeded));
    expect(run.used()).toBe(0.39592);
    expect(run.used()).toBeLessThanOrEqual(LIMIT_USD);
    expect(run.reserved()).toBe(0);
    expect(runtime.budget.reserved()).toBe(0);
    expect(runtime.budget.used()).toBe(0.39592);
  });

  it('lets later calls use the room the worst cases left, until the limit truly binds', async () => {
    const first = await wave(FAN_OUT);
    expect(first.succeeded).toHaveLength(49);

    // Waves of 20: at most 10 fit in what remains, so each wave shows how many the room allows.
    const later = [await wave(20), await wave(20), await wave(20)];

    expect(later.map(({ succeeded }) => succeeded.length)).toEqual([10, 2, 0]);
    // Each refusal saw the spend settled by the waves before it.
    expect(later.map(({ refused }) => refused[0]?.spentUsd)).toEqual([0.39592, 0.47672, 0.49288]);
    const all = [first, ...later].flatMap(({ succeeded }) => succeeded);
    expect(all).toHaveLength(61);
    expect(server.stats().requests).toBe(61);
    expect(toNanoDollars(run.used())).toBe(nanoSum(all));
    expect(run.used()).toBe(0.49288);
    expect(run.used()).toBeLessThanOrEqual(LIMIT_USD);
    expect(run.remaining()).toBe(0.00712);
    expect(run.remaining()).toBeLessThan(WORST_CASE_USD);
    expect([run.reserved(), runtime.budget.reserved()]).toEqual([0, 0]);
  });
});
