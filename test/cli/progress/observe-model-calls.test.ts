import { describe, expect, it } from 'vitest';
import { observeModelCalls } from '../../../src/cli/progress/observe-model-calls.ts';
import type { EffectJournal, EffectOptions } from '../../../src/spec/effect-journal.ts';
import { cost, usage } from './progress-fixtures.ts';

/** A journal with private state, like the durable one: its methods must run on itself. */
class CountingJournal implements EffectJournal {
  #effects = 0;
  async effect<Value>(_key: string, _options: EffectOptions<Value>, perform: () => Promise<Value>) {
    this.#effects += 1;
    return perform();
  }
  count(): number {
    return this.#effects;
  }
}

describe('observeModelCalls', () => {
  it('shows model calls (made or recorded) with their key, and leaves other effects and members alone', async () => {
    const seen: unknown[] = [];
    const journal = observeModelCalls(new CountingJournal(), (key, callUsage, callCost) =>
      seen.push([key, callUsage.inputTokens, callCost?.usd]),
    );
    const made = { usage: usage(10, 2), call: { cost: cost(0.5) } };
    expect(
      await journal.effect(
        'step-0/agent:a/t1/model',
        { kind: 'model-call', idempotent: true },
        async () => made,
      ),
    ).toBe(made);
    await journal.effect(
      'step-0/agent:a/t1/tool-0',
      { kind: 'tool-call', idempotent: false },
      async () => 'ok',
    );
    await journal.effect('step-1/agent:b/t1/model', { kind: 'model-call', idempotent: true }, async () => ({
      usage: usage(7, 1),
      recorded: { cost: cost(0.25) },
    }));
    expect(seen).toEqual([
      ['step-0/agent:a/t1/model', 10, 0.5],
      ['step-1/agent:b/t1/model', 7, 0.25],
    ]);
    expect(journal.count()).toBe(3);
    expect(journal.count).toBe(journal.count);
  });
});
