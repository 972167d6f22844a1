import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createPriceTable } from '../cost/index.ts';
import { MaxTurnsExceeded } from '../errors/max-turns-exceeded.ts';
import { ModelCallError } from '../errors/model-call-error.ts';
import { OutputValidationError } from '../errors/output-validation-error.ts';
import { scriptedModel } from '../model/scripted/index.ts';
import type { ScriptedReply } from '../model/scripted/scripted-reply.ts';
import { systemClock } from '../spec/clock.ts';
import type { AgentEnvironment } from './agent-environment.ts';
import type { AgentStreamPart } from './agent-stream-part.ts';
import { defineAgent } from './define-agent.ts';
import { tool } from './tool.ts';

const prices = createPriceTable();
const environment: AgentEnvironment = {
  resolveModel: (name) => {
    throw new Error(`unexpected model name ${name}`);
  },
  costOf: (model, usage) => prices.costOf(model.modelId, usage),
  clock: systemClock,
};

const add = tool({
  name: 'add',
  description: 'Add two numbers',
  input: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => ({ sum: a + b }),
});

function agentWith(replies: ScriptedReply[], extra: { maxTurns?: number } = {}) {
  const model = scriptedModel(replies, { modelId: 'claude-sonnet-4-5' });
  const agent = defineAgent({ name: 'calc', model, system: 'You add.', tools: [add], ...extra });
  return { model, agent };
}

describe('defineAgent: the tool loop', () => {
  it('answers without tools and reports usage and cost', async () => {
    const { agent } = agentWith([{ text: 'Hello.', usage: { input: 1000, output: 100 } }]);
    const result = await agent.run('Hi', { environment });
    expect(result.text).toBe('Hello.');
    expect(result.output).toBe('Hello.');
    expect(result.turns).toBe(1);
    expect(result.usage).toMatchObject({ inputTokens: 1000, outputTokens: 100 });
    // claude-sonnet-4-5: $3 / $15 per million tokens.
    expect(result.cost.usd).toBeCloseTo(0.003 + 0.0015, 10);
    expect(result.messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant']);
  });

  it('runs a tool, returns its result to the model, and records the call', async () => {
    const { agent, model } = agentWith([
      { toolCalls: [{ name: 'add', input: { a: 2, b: 3 }, id: 'c1' }], usage: { input: 10, output: 5 } },
      { text: 'The sum is 5.', usage: { input: 20, output: 6 } },
    ]);
    const result = await agent.run('2+3?', { environment });
    expect(result.text).toBe('The sum is 5.');
    expect(result.turns).toBe(2);
    expect(result.toolCalls).toEqual([
      {
        turn: 1,
        toolCallId: 'c1',
        toolName: 'add',
        input: { a: 2, b: 3 },
        output: { sum: 5 },
        isError: false,
      },
    ]);
    expect(result.usage).toMatchObject({ inputTokens: 30, outputTokens: 11 });
    const secondPrompt = model.calls[1]!.options.prompt;
    expect(secondPrompt.at(-1)).toEqual({
      role: 'tool',
      content: [
        {
          type: 'tool-result',
          toolCallId: 'c1',
          toolName: 'add',
          output: { type: 'json', value: { sum: 5 } },
        },
      ],
    });
    expect(model.calls[0]!.options.tools?.map((definition) => definition.name)).toEqual(['add']);
  });

  it('runs several tool calls of one turn concurrently and answers them in call order', async () => {
    let releaseFirst!: () => void;
    const firstMayEnd = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    // `first` can only end once `second` has started: run one after the other, this would never end.
    const first = tool({
      name: 'first',
      description: 'waits for second',
      input: z.object({}),
      execute: async () => {
        await firstMayEnd;
        return 'first done';
      },
    });
    const second = tool({
      name: 'second',
      description: 'releases first',
      input: z.object({}),
      execute: () => {
        releaseFirst();
        return 'second done';
      },
    });
    const model = scriptedModel(
      [
        {
          toolCalls: [
            { name: 'first', input: {}, id: 'a' },
            { name: 'second', input: {}, id: 'b' },
          ],
        },
        { text: 'both ran' },
      ],
      { modelId: 'claude-sonnet-4-5' },
    );
    const agent = defineAgent({ name: 'pair', model, tools: [first, second] });
    const result = await agent.run('go', { environment });
    expect(result.toolCalls.map((call) => [call.toolCallId, call.output])).toEqual([
      ['a', 'first done'],
      ['b', 'second done'],
    ]);
    expect(result.text).toBe('both ran');
  });

  it('returns invalid arguments to the model as a tool error it can correct', async () => {
    const { agent, model } = agentWith([
      { toolCalls: [{ name: 'add', input: { a: 'two', b: 3 }, id: 'bad' }] },
      { toolCalls: [{ name: 'add', input: '{not json', id: 'worse' }] },
      { toolCalls: [{ name: 'add', input: { a: 2, b: 3 }, id: 'good' }] },
      { text: '5' },
    ]);
    const result = await agent.run('2+3?', { environment });
    expect(result.text).toBe('5');
    expect(result.toolCalls.map((call) => call.isError)).toEqual([true, true, false]);
    expect(result.toolCalls[0]!.output).toMatch(/^Invalid arguments for tool 'add': a: .*expected number/i);
    expect(result.toolCalls[1]!.output).toBe(
      "Invalid arguments for tool 'add': not valid JSON. Send a JSON object.",
    );
    const toolResult = model.calls[1]!.options.prompt.at(-1);
    expect(toolResult).toMatchObject({ role: 'tool', content: [{ output: { type: 'error-text' } }] });
  });

  it('returns a thrown error and an unknown tool to the model instead of crashing', async () => {
    const broken = tool({
      name: 'broken',
      description: 'always fails',
      input: z.object({}),
      execute: () => {
        throw new Error('disk on fire');
      },
    });
    const model = scriptedModel(
      [
        {
          toolCalls: [
            { name: 'broken', input: {}, id: 'x' },
            { name: 'missing', input: {}, id: 'y' },
          ],
        },
        { text: 'recovered' },
      ],
      { modelId: 'claude-sonnet-4-5' },
    );
    const agent = defineAgent({ name: 'fragile', model, tools: [broken] });
    const result = await agent.run('try', { environment });
    expect(result.text).toBe('recovered');
    expect(result.toolCalls.map((call) => call.output)).toEqual([
      "Tool 'broken' failed: disk on fire",
      "Unknown tool 'missing': available tools: broken.",
    ]);
  });

  it('stops at maxTurns with MaxTurnsExceeded carrying the partial result', async () => {
    const call = (id: string): ScriptedReply => ({
      toolCalls: [{ name: 'add', input: { a: 1, b: 1 }, id }],
      usage: { input: 100, output: 10 },
    });
    const { agent } = agentWith([call('1'), call('2'), call('3')], { maxTurns: 3 });
    const error = await agent.run('loop', { environment }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MaxTurnsExceeded);
    const partial = (error as MaxTurnsExceeded).partial;
    expect(partial.turns).toBe(3);
    expect(partial.toolCalls).toHaveLength(2);
    expect(partial.usage).toMatchObject({ inputTokens: 300, outputTokens: 30 });
    expect(partial.cost.usd).toBeCloseTo((300 * 3 + 30 * 15) / 1e6, 10);
    expect(partial.messages.at(-1)?.role).toBe('tool');
  });

  it('validates typed output with the zod schema', async () => {
    const model = scriptedModel(
      [{ text: '```json\n{"city":"Paris","celsius":21}\n```' }, { text: '{"city":"Paris"}' }],
      { modelId: 'gpt-4o' },
    );
    const agent = defineAgent({
      name: 'typed',
      model,
      output: z.object({ city: z.string(), celsius: z.number() }),
    });
    const result = await agent.run('weather', { environment });
    expect(result.output).toEqual({ city: 'Paris', celsius: 21 });
    expect(model.calls[0]!.options.responseFormat).toEqual({ type: 'json' });
    const error = await agent.run('weather', { environment }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OutputValidationError);
    expect((error as OutputValidationError).issues[0]).toMatch(/^celsius:/);
  });

  it('classifies a failing model call', async () => {
    const { agent } = agentWith([
      { error: { status: 429, message: 'slow down', headers: { 'retry-after': '7' } } },
    ]);
    const error = await agent.run('hi', { environment }).catch((caught: unknown) => caught);
    expect(ModelCallError.isModelCallError(error)).toBe(true);
    expect((error as ModelCallError).kind).toBe('rate_limit');
    expect((error as ModelCallError).retryAfterMs).toBe(7000);
  });

  it('stops a running tool when the signal aborts', async () => {
    const controller = new AbortController();
    const slow = tool({
      name: 'slow',
      description: 'waits until aborted',
      input: z.object({}),
      execute: (_input, { signal }) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
          controller.abort();
        }),
    });
    const model = scriptedModel([{ toolCalls: [{ name: 'slow', input: {} }] }, { text: 'never' }], {
      modelId: 'gpt-4o',
    });
    const agent = defineAgent({ name: 'slowpoke', model, tools: [slow] });
    const error = await agent
      .run('go', { environment, signal: controller.signal })
      .catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('AbortError');
    expect(model.calls).toHaveLength(1);
  });

  it('continues a conversation from history', async () => {
    const { agent, model } = agentWith([{ text: 'first' }, { text: 'second' }]);
    const first = await agent.run('one', { environment });
    const second = await agent.run('two', { environment, history: first.messages });
    expect(second.text).toBe('second');
    expect(model.calls[1]!.options.prompt.map((message) => message.role)).toEqual([
      'system',
      'user',
      'assistant',
      'user',
    ]);
  });
});

describe('agent.stream', () => {
  it('yields typed parts in order and resolves the same result as run', async () => {
    const replies: ScriptedReply[] = [
      {
        text: 'Let me add.',
        toolCalls: [{ name: 'add', input: { a: 2, b: 2 }, id: 't' }],
        usage: { input: 5, output: 5 },
      },
      { text: 'It is four.', chunks: ['It ', 'is ', 'four.'], usage: { input: 9, output: 3 } },
    ];
    const { agent } = agentWith(replies);
    const stream = agent.stream('2+2', { environment });
    const parts: AgentStreamPart[] = [];
    for await (const part of stream) parts.push(part);
    expect(parts.map((part) => part.type)).toEqual([
      'turn-start',
      ...Array(parts.filter((part) => part.type === 'text-delta' && part.turn === 1).length).fill(
        'text-delta',
      ),
      'tool-call',
      'usage',
      'tool-result',
      'turn-end',
      'turn-start',
      'text-delta',
      'text-delta',
      'text-delta',
      'usage',
      'turn-end',
      'run-end',
    ]);
    const result = await stream.result;
    expect(result.text).toBe('It is four.');
    expect(result.toolCalls[0]!.output).toEqual({ sum: 4 });
    expect(result.usage).toMatchObject({ inputTokens: 14, outputTokens: 8 });

    const plain = await agentWith(replies).agent.run('2+2', { environment });
    expect(plain.messages).toEqual(result.messages);
  });

  it('yields an error part and rejects the result when the model fails', async () => {
    const { agent } = agentWith([{ error: { status: 500, message: 'boom' } }]);
    const stream = agent.stream('hi', { environment });
    const parts: AgentStreamPart[] = [];
    for await (const part of stream) parts.push(part);
    expect(parts.at(-1)?.type).toBe('error');
    await expect(stream.result).rejects.toMatchObject({ kind: 'server' });
  });

  it('drains itself when only the result is awaited', async () => {
    const { agent } = agentWith([{ text: 'quiet' }]);
    const result = await agent.stream('hi', { environment }).result;
    expect(result.text).toBe('quiet');
  });

  it('rejects the result when the consumer stops reading early', async () => {
    const { agent } = agentWith([
      { toolCalls: [{ name: 'add', input: { a: 1, b: 2 } }] },
      { text: 'never reached' },
    ]);
    const stream = agent.stream('go', { environment });
    for await (const part of stream) if (part.type === 'tool-call') break;
    await expect(stream.result).rejects.toMatchObject({ name: 'AbortError' });
  });
});
