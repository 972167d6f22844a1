import { createOpenAI } from '@ai-sdk/openai';
import { APICallError } from '@ai-sdk/provider';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type FixtureServer, startFixtureServer } from '../../src/testing/fixture-server/index.ts';
import {
  expectUsage,
  partsOfType,
  readParts,
  rejectionOf,
  weatherPrompt,
  weatherTool,
} from './model-fixtures.ts';

let server: FixtureServer;
beforeEach(async () => {
  server = await startFixtureServer();
});
afterEach(async () => {
  await server.close();
});

const gpt = () => createOpenAI({ baseURL: server.openaiBaseURL, apiKey: 'test' })('gpt-5-mini');

const twoWeatherCalls = [
  { name: 'get_weather', input: { city: 'Paris' } },
  { name: 'get_weather', input: { city: 'Rome', unit: 'celsius' } },
];

describe('OpenAI Responses through @ai-sdk/openai (openai(...))', () => {
  it('answers doGenerate with text, the finish reason and usage with cached and reasoning tokens', async () => {
    server.enqueue({
      text: 'Sunny in Paris.',
      usage: { input: 1000, output: 40, cacheRead: 600, cacheWrite: 300, reasoning: 10 },
    });

    const result = await gpt().doGenerate({ prompt: weatherPrompt });

    expect(result.content).toMatchObject([{ type: 'text', text: 'Sunny in Paris.' }]);
    expect(result.finishReason).toEqual({ unified: 'stop', raw: undefined });
    expect(result.response?.id).toBe('resp_1');
    expect(result.response?.modelId).toBe('gpt-5-mini');
    expectUsage(result.usage, {
      inputTokens: 1000,
      outputTokens: 40,
      cacheReadTokens: 600,
      cacheWriteTokens: 300,
      reasoningTokens: 10,
    });
    expect(result.usage.inputTokens.noCache).toBe(100);
    expect(result.usage.outputTokens.text).toBe(30);
  });

  it('streams the scripted chunks as text deltas and reports usage from response.completed', async () => {
    server.enqueue({
      chunks: ['Sun', 'ny in ', 'Paris.'],
      usage: { input: 500, output: 12, cacheRead: 200, reasoning: 4 },
    });

    const { stream } = await gpt().doStream({ prompt: weatherPrompt });
    const parts = await readParts(stream);

    const deltas = partsOfType(parts, 'text-delta').map((part) => part.delta);
    expect(deltas).toEqual(['Sun', 'ny in ', 'Paris.']);
    expect(deltas.join('')).toBe('Sunny in Paris.');
    const [finish] = partsOfType(parts, 'finish');
    expect(finish?.finishReason).toEqual({ unified: 'stop', raw: undefined });
    expectUsage(finish!.usage, {
      inputTokens: 500,
      outputTokens: 12,
      cacheReadTokens: 200,
      reasoningTokens: 4,
    });
    expect(partsOfType(parts, 'error')).toEqual([]);
  });

  it('returns two function_call items from doGenerate as tool calls with their arguments', async () => {
    server.enqueue({ text: 'Checking both.', toolCalls: twoWeatherCalls, usage: { input: 80, output: 30 } });

    const result = await gpt().doGenerate({ prompt: weatherPrompt, tools: [weatherTool] });

    expect(result.content.map((part) => part.type)).toEqual(['text', 'tool-call', 'tool-call']);
    const calls = result.content.filter((part) => part.type === 'tool-call');
    expect(calls.map((call) => [call.toolCallId, call.toolName, JSON.parse(call.input)])).toEqual([
      ['call_1', 'get_weather', { city: 'Paris' }],
      ['call_2', 'get_weather', { city: 'Rome', unit: 'celsius' }],
    ]);
    expect(calls[0]?.providerMetadata).toMatchObject({ openai: { itemId: 'fc_1' } });
    expect(result.finishReason.unified).toBe('tool-calls');
    expectUsage(result.usage, { inputTokens: 80, outputTokens: 30 });
  });

  it('streams two tool calls as function_call_arguments deltas that join to the arguments', async () => {
    server.enqueue({ toolCalls: twoWeatherCalls, usage: { input: 80, output: 30 } });

    const { stream } = await gpt().doStream({ prompt: weatherPrompt, tools: [weatherTool] });
    const parts = await readParts(stream);

    const calls = partsOfType(parts, 'tool-call');
    expect(calls.map((call) => [call.toolCallId, call.toolName, JSON.parse(call.input)])).toEqual([
      ['call_1', 'get_weather', { city: 'Paris' }],
      ['call_2', 'get_weather', { city: 'Rome', unit: 'celsius' }],
    ]);
    const romeDeltas = partsOfType(parts, 'tool-input-delta').filter((part) => part.id === 'call_2');
    expect(romeDeltas.length).toBeGreaterThan(1);
    expect(romeDeltas.map((part) => part.delta).join('')).toBe('{"city":"Rome","unit":"celsius"}');
    expect(partsOfType(parts, 'text-delta')).toEqual([]);
    const [finish] = partsOfType(parts, 'finish');
    expect(finish?.finishReason.unified).toBe('tool-calls');
    expectUsage(finish!.usage, { inputTokens: 80, outputTokens: 30 });
  });

  it.each([
    ['length', 'max_output_tokens'],
    ['content-filter', 'content_filter'],
    ['other', 'other'],
  ] as const)(
    'maps the finish reason %s to an incomplete response with reason %s',
    async (finishReason, raw) => {
      server.enqueue({ text: 'Cut', finishReason }, { text: 'Cut', finishReason });

      const generated = await gpt().doGenerate({ prompt: weatherPrompt });
      const { stream } = await gpt().doStream({ prompt: weatherPrompt });
      const [finish] = partsOfType(await readParts(stream), 'finish');

      expect(generated.finishReason).toEqual({ unified: finishReason, raw });
      expect(finish?.finishReason).toEqual({ unified: finishReason, raw });
    },
  );

  it('fails with a retryable APICallError carrying status 429 and the retry-after header', async () => {
    server.enqueue({
      error: { status: 429, message: 'Rate limit reached for tokens', headers: { 'retry-after': '12' } },
    });

    const error = await rejectionOf(gpt().doGenerate({ prompt: weatherPrompt }));

    expect(APICallError.isInstance(error)).toBe(true);
    const callError = error as APICallError;
    expect(callError.statusCode).toBe(429);
    expect(callError.responseHeaders?.['retry-after']).toBe('12');
    expect(callError.isRetryable).toBe(true);
    expect(callError.message).toBe('Rate limit reached for tokens');
  });

  it('fails a stream with a non-retryable 401 before any part', async () => {
    server.enqueue({ error: { status: 401, message: 'Incorrect API key provided' } });

    const error = (await rejectionOf(gpt().doStream({ prompt: weatherPrompt }))) as APICallError;

    expect(APICallError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(401);
    expect(error.isRetryable).toBe(false);
  });

  it('fails with a retryable 500 server_error', async () => {
    server.enqueue({ error: { status: 500, message: 'The server had an error' } });

    const error = (await rejectionOf(gpt().doGenerate({ prompt: weatherPrompt }))) as APICallError;

    expect(error.statusCode).toBe(500);
    expect(error.isRetryable).toBe(true);
    expect(JSON.parse(error.responseBody ?? '').error.type).toBe('server_error');
  });

  it('records the request the adapter sent: path, format, stream flag, model, input and tools', async () => {
    server.enqueue({ text: 'ok' }, { text: 'ok' });

    await gpt().doGenerate({ prompt: weatherPrompt, tools: [weatherTool] });
    await readParts((await gpt().doStream({ prompt: weatherPrompt })).stream);

    const [generate, stream] = server.requests;
    expect(generate).toMatchObject({
      method: 'POST',
      path: '/v1/responses',
      format: 'openai-responses',
      stream: false,
    });
    expect(generate?.headers.authorization).toBe('Bearer test');
    expect(generate?.body).toMatchObject({
      model: 'gpt-5-mini',
      input: [
        {
          role: 'user',
          content: [{ type: 'input_text', text: 'What is the weather in Paris and in Rome?' }],
        },
      ],
      tools: [{ type: 'function', name: 'get_weather', description: 'The current weather in a city.' }],
    });
    expect(stream).toMatchObject({ format: 'openai-responses', stream: true, body: { stream: true } });
  });

  it('drives generateText through a tool call and the answer that follows it', async () => {
    server.enqueue(
      {
        toolCalls: [{ name: 'weather', input: { city: 'Paris' } }],
        usage: { input: 100, output: 20, reasoning: 5 },
      },
      { text: 'It is sunny in Paris.', usage: { input: 150, output: 10, cacheRead: 100 } },
    );
    const weather = tool({
      description: 'The current weather in a city.',
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => ({ city, sky: 'sunny' }),
    });

    const result = await generateText({
      model: gpt(),
      tools: { weather },
      prompt: 'Weather in Paris?',
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });

    expect(result.text).toBe('It is sunny in Paris.');
    expect(result.steps).toHaveLength(2);
    expect(result.steps[0]?.toolCalls.map((call) => [call.toolCallId, call.input])).toEqual([
      ['call_1', { city: 'Paris' }],
    ]);
    expect(result.totalUsage.inputTokens).toBe(250);
    expect(result.totalUsage.outputTokens).toBe(30);
    expect(result.totalUsage.outputTokenDetails.reasoningTokens).toBe(5);
    expect(result.totalUsage.inputTokenDetails.cacheReadTokens).toBe(100);
    const followUp = JSON.stringify(server.requests[1]?.body);
    expect(followUp).toContain('"call_id":"call_1"');
    expect(followUp).toContain('sunny');
  });

  it('drives streamText through a tool call and the streamed answer that follows it', async () => {
    server.enqueue(
      { toolCalls: [{ name: 'weather', input: { city: 'Rome' } }], usage: { input: 100, output: 20 } },
      { chunks: ['Cloudy ', 'in ', 'Rome.'], usage: { input: 140, output: 8 } },
    );
    const weather = tool({
      description: 'The current weather in a city.',
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => ({ city, sky: 'cloudy' }),
    });
    const errors: unknown[] = [];

    const result = streamText({
      model: gpt(),
      tools: { weather },
      prompt: 'Weather in Rome?',
      stopWhen: stepCountIs(3),
      maxRetries: 0,
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    const deltas: string[] = [];
    for await (const part of result.fullStream) if (part.type === 'text-delta') deltas.push(part.text);

    expect(errors).toEqual([]);
    expect(deltas).toEqual(['Cloudy ', 'in ', 'Rome.']);
    expect(await result.text).toBe('Cloudy in Rome.');
    const steps = await result.steps;
    expect(steps[0]?.toolCalls.map((call) => call.input)).toEqual([{ city: 'Rome' }]);
    expect((await result.totalUsage).inputTokens).toBe(240);
    expect(JSON.stringify(server.requests[1]?.body)).toContain('cloudy');
  });
});
