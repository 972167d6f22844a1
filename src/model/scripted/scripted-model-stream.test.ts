import { getEventListeners } from 'node:events';
import { APICallError } from '@ai-sdk/provider';
import { generateText, jsonSchema, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import type { ModelCallOptions, ModelStreamPart } from '../../spec/model.ts';
import { scriptedModel } from './scripted-model.ts';

function call(text: string, abortSignal?: AbortSignal): ModelCallOptions {
  return {
    prompt: [{ role: 'user', content: [{ type: 'text', text }] }],
    ...(abortSignal === undefined ? {} : { abortSignal }),
  };
}

async function partsOf(stream: ReadableStream<ModelStreamPart>): Promise<ModelStreamPart[]> {
  const parts: ModelStreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

describe('scriptedModel: doStream', () => {
  it('sends the parts in a real adapter’s order, text word by word keeping whitespace', async () => {
    const model = scriptedModel([{ text: 'Hello  big\nworld ', usage: { input: 7, output: 3 } }], {
      modelId: 'm',
    });
    const { stream } = await model.doStream(call('hi'));
    const id = 'scripted-response-1-text';
    expect(await partsOf(stream)).toEqual([
      { type: 'stream-start', warnings: [] },
      { type: 'response-metadata', id: 'scripted-response-1', modelId: 'm' },
      { type: 'text-start', id },
      { type: 'text-delta', id, delta: 'Hello' },
      { type: 'text-delta', id, delta: '  big' },
      { type: 'text-delta', id, delta: '\nworld ' },
      { type: 'text-end', id },
      {
        type: 'finish',
        usage: {
          inputTokens: { total: 7, noCache: 7, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 3, text: 3, reasoning: 0 },
        },
        finishReason: { unified: 'stop', raw: 'stop' },
      },
    ]);
  });

  it('sends scripted chunks as they are, and chunks alone as the text', async () => {
    const model = scriptedModel([
      { text: 'Hello world', chunks: ['Hel', 'lo wor', 'ld'] },
      { chunks: ['a', 'b'] },
    ]);
    const deltas = async () =>
      (await partsOf((await model.doStream(call('x'))).stream)).flatMap((part) =>
        part.type === 'text-delta' ? [part.delta] : [],
      );
    expect(await deltas()).toEqual(['Hel', 'lo wor', 'ld']);
    expect(await deltas()).toEqual(['a', 'b']);
  });

  it('sends each tool call as input start, delta, end, then the call', async () => {
    const model = scriptedModel([
      {
        toolCalls: [
          { name: 'get_weather', input: { city: 'Paris' }, id: 't1' },
          { name: 'broken', input: '{"a":' },
        ],
      },
    ]);
    const parts = await partsOf((await model.doStream(call('x'))).stream);
    expect(parts.slice(2)).toEqual([
      { type: 'tool-input-start', id: 't1', toolName: 'get_weather' },
      { type: 'tool-input-delta', id: 't1', delta: '{"city":"Paris"}' },
      { type: 'tool-input-end', id: 't1' },
      { type: 'tool-call', toolCallId: 't1', toolName: 'get_weather', input: '{"city":"Paris"}' },
      { type: 'tool-input-start', id: 'scripted-call-1-2', toolName: 'broken' },
      { type: 'tool-input-delta', id: 'scripted-call-1-2', delta: '{"a":' },
      { type: 'tool-input-end', id: 'scripted-call-1-2' },
      { type: 'tool-call', toolCallId: 'scripted-call-1-2', toolName: 'broken', input: '{"a":' },
      expect.objectContaining({ type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool-calls' } }),
    ]);
  });

  it('rejects doStream itself, before any stream, for a scripted error', async () => {
    const model = scriptedModel([
      { error: { status: 503, message: 'Unavailable', headers: { 'retry-after': '1' } } },
    ]);
    const error = await model.doStream(call('x')).catch((caught) => caught);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      statusCode: 503,
      isRetryable: true,
      responseHeaders: { 'retry-after': '1' },
    });
  });

  it('errors the stream with the abort reason when aborted mid-stream, and stops listening', async () => {
    const model = scriptedModel([{ text: 'one two three four' }]);
    const controller = new AbortController();
    const { stream } = await model.doStream(call('x', controller.signal));
    const reader = stream.getReader();
    expect((await reader.read()).value?.type).toBe('stream-start');
    expect((await reader.read()).value?.type).toBe('response-metadata');
    controller.abort();
    const error = await reader.read().catch((caught) => caught);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('rejects at once when the signal is already aborted, and leaves no listener after a full read', async () => {
    const model = scriptedModel({ replies: [{ text: 'ok', times: 'always' }] });
    const aborted = AbortSignal.abort();
    await expect(model.doStream(call('x', aborted))).rejects.toMatchObject({ name: 'AbortError' });
    const controller = new AbortController();
    await partsOf((await model.doStream(call('x', controller.signal))).stream);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});

describe('scriptedModel: through the AI SDK', () => {
  const weather = tool({
    description: 'weather',
    inputSchema: jsonSchema<{ city: string }>({
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
    }),
    execute: async ({ city }) => `sunny in ${city}`,
  });

  it('works with generateText, passing the agent through providerOptions', async () => {
    const model = scriptedModel({
      replies: [{ agent: 'Forecaster', toolCalls: [{ name: 'weather', input: { city: 'Paris' } }] }],
    });
    const result = await generateText({
      model,
      prompt: 'weather in Paris?',
      tools: { weather },
      providerOptions: { vega: { agent: 'Forecaster' } },
    });
    expect(result.toolCalls).toMatchObject([{ toolName: 'weather', input: { city: 'Paris' } }]);
    expect(result.finishReason).toBe('tool-calls');
    model.assertComplete();
  });

  it('works with streamText', async () => {
    const model = scriptedModel([{ text: 'Streaming works fine.', usage: { input: 10, output: 4 } }]);
    const result = streamText({ model, prompt: 'go' });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    expect(deltas.join('')).toBe('Streaming works fine.');
    expect((await result.usage).inputTokens).toBe(10);
  });
});
