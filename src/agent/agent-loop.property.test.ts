import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRuntime } from '../create-runtime.ts';
import { scriptedModel } from '../model/scripted/index.ts';
import type { ScriptedReply } from '../model/scripted/scripted-reply.ts';
import { defineAgent } from './define-agent.ts';
import { tool } from './tool.ts';

const { environment, prices } = createRuntime({ env: {} });
const double = tool({
  name: 'double',
  description: 'Doubles a number',
  input: z.object({ n: z.number() }),
  execute: ({ n }) => n * 2,
});

/** A random conversation: some turns of 1–3 tool calls (some with bad arguments), then a final answer. */
const scriptArbitrary = fc
  .array(
    fc.record({
      calls: fc.array(fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.constant('bad')), {
        minLength: 1,
        maxLength: 3,
      }),
      input: fc.integer({ min: 0, max: 100_000 }),
      output: fc.integer({ min: 0, max: 10_000 }),
    }),
    { maxLength: 6 },
  )
  .chain((turns) =>
    fc.record({
      turns: fc.constant(turns),
      final: fc.record({
        input: fc.integer({ min: 0, max: 100_000 }),
        output: fc.integer({ min: 0, max: 10_000 }),
      }),
      streamed: fc.boolean(),
    }),
  );

describe('the tool loop, against a model of what it must do', () => {
  it('answers every call, in order, and accounts for every token and dollar', async () => {
    await fc.assert(
      fc.asyncProperty(scriptArbitrary, async ({ turns, final, streamed }) => {
        const replies: ScriptedReply[] = turns.map((turn, index) => ({
          toolCalls: turn.calls.map((value, call) => ({
            name: 'double',
            id: `t${index}-${call}`,
            input: value === 'bad' ? { n: 'not a number' } : { n: value },
          })),
          usage: { input: turn.input, output: turn.output },
        }));
        replies.push({ text: 'done', usage: final });
        const model = scriptedModel(replies, { modelId: 'claude-sonnet-4-5' });
        const agent = defineAgent({ name: 'prop', model, tools: [double], maxTurns: turns.length + 1 });
        const result = streamed
          ? await agent.stream('go', { environment }).result
          : await agent.run('go', { environment });

        expect(result.turns).toBe(turns.length + 1);
        const expectedCalls = turns.flatMap((turn, index) =>
          turn.calls.map((value, call) => ({
            toolCallId: `t${index}-${call}`,
            isError: value === 'bad',
            output: value === 'bad' ? expect.stringContaining('Invalid arguments') : value * 2,
          })),
        );
        expect(result.toolCalls).toMatchObject(expectedCalls);
        const inputTokens = turns.reduce((sum, turn) => sum + turn.input, final.input);
        const outputTokens = turns.reduce((sum, turn) => sum + turn.output, final.output);
        expect(result.usage).toMatchObject({ inputTokens, outputTokens });
        expect(result.cost.usd).toBe(
          prices.costOf('claude-sonnet-4-5', { ...result.usage, cacheReadTokens: 0, cacheWriteTokens: 0 })
            .usd,
        );
        // user, then (assistant, tool) per tool turn, then the final assistant message.
        const roles = result.messages.map((message) => message.role);
        expect(roles).toEqual(['user', ...turns.flatMap(() => ['assistant', 'tool']), 'assistant']);
        model.assertComplete();
      }),
      { numRuns: 60 },
    );
  });
});
