import { createAnthropic } from '@ai-sdk/anthropic';
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

const claude = () =>
  createAnthropic({ baseURL: server.anthropicBaseURL, apiKey: 'test' })('claude-sonnet-4-5');

const twoWeatherCalls = [
  { name: 'get_weather', input: { city: 'Paris' } },
  { name: 'get_weather', input: { city: 'Rome', unit: 'celsius' } },
];

describe('Anthropic Messages through @ai-sdk/anthropic', () => {
  it('answers doGenerate with text, the stop reason and usage split into cache reads and writes', async () => {
    server.enqueue({
      text: 'Sunny in Paris.',
      usage: { input: 1000, output: 40, cacheRead: 600, cacheWrite: 300, reasoning: 10 },
    });

    const result = await claude().doGenerate({ prompt: weatherPrompt });

    expect(result.content).toEqual([{ type: 'text', text: 'Sunny in Paris.' }]);
    expect(result.finishReason).toEqual({ unified: 'stop', raw: 'end_turn' });
    expect(result.response?.id).toBe('msg_1');
    expect(result.response?.modelId).toBe('claude-sonnet-4-5');
    expectUsage(result.usage, {
      inputTokens: 1000,
      outputTokens: 40,
      cacheReadTokens: 600,
      cacheWriteTokens: 300,
      reasoningTokens: 10,
    });
    // Anthropic's own input_tokens excludes the cache, and the adapter reports that part as noCache.
    expect(result.usage.inputTokens.noCache).toBe(100);
  });

  it('streams the scripted chunks as text deltas and reports usage at the end', async () => {
    server.enqueue({
      chunks: ['Sun', 'ny in ', 'Paris.'],
      usage: { input: 500, output: 12, cacheRead: 200, cacheWrite: 50 },
    });

    const { stream } = await claude().doStream({ prompt: weatherPrompt });
    const parts = await readParts(stream);

    const deltas = partsOfType(parts, 'text-delta').map((part) => part.delta);
    expect(deltas).toEqual(['Sun', 'ny in ', 'Paris.']);
    expect(deltas.join('')).toBe('Sunny in Paris.');
    const [finish] = partsOfType(parts, 'finish');
    expect(finish?.finishReason).toEqual({ unified: 'stop', raw: 'end_turn' });
    expectUsage(finish!.usage, {
      inputTokens: 500,
      outputTokens: 12,
      cacheReadTokens: 200,
      cacheWriteTokens: 50,
    });
    expect(partsOfType(parts, 'error')).toEqual([]);
  });

  it('returns two tool_use blocks from doGenerate as tool calls with their arguments', async () => {
    server.enqueue({ text: 'Checking both.', toolCalls: twoWeatherCalls, usage: { input: 80, output: 30 } });

    const result = await claude().doGenerate({ prompt: weatherPrompt, tools: [weatherTool] });

    const calls = result.content.filter((part) => part.type === 'tool-call');
    expect(calls.map((call) => [call.toolCallId, call.toolName, JSON.parse(call.input)])).toEqual([
      ['toolu_1', 'get_weather', { city: 'Paris' }],
      ['toolu_2', 'get_weather', { city: 'Rome', unit: 'celsius' }],
    ]);
    expect(result.content[0]).toEqual({ type: 'text', text: 'Checking both.' });
    expect(result.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_use' });
    expectUsage(result.usage, { inputTokens: 80, outputTokens: 30 });
  });

  it('streams two tool calls as input_json_delta pieces that join to the arguments', async () => {
    server.enqueue({ toolCalls: twoWeatherCalls, usage: { input: 80, output: 30 } });

    const { stream } = await claude().doStream({ prompt: weatherPrompt, tools: [weatherTool] });
    const parts = await readParts(stream);

    const calls = partsOfType(parts, 'tool-call');
    expect(calls.map((call) => [call.toolCallId, call.toolName, JSON.parse(call.input)])).toEqual([
      ['toolu_1', 'get_weather', { city: 'Paris' }],
      ['toolu_2', 'get_weather', { city: 'Rome', unit: 'celsius' }],
    ]);
    const romeDeltas = partsOfType(parts, 'tool-input-delta').filter((part) => part.id === 'toolu_2');
    expect(romeDeltas.length).toBeGreaterThan(1);
    expect(romeDeltas.map((part) => part.delta).join('')).toBe('{"city":"Rome","unit":"celsius"}');
    expect(partsOfType(parts, 'text-delta')).toEqual([]);
    const [finish] = partsOfType(parts, 'finish');
    expect(finish?.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_use' });
    expectUsage(finish!.usage, { inputTokens: 80, outputTokens: 30 });
  });

  it.each([
    ['length', 'max_tokens'],
    ['content-filter', 'refusal'],
    ['other', 'other'],
  ] as const)('maps the finish reason %s to stop_reason %s', async (finishReason, raw) => {
    server.enqueue({ text: 'Cut', finishReason }, { text: 'Cut', finishReason });

    const generated = await claude().doGenerate({ prompt: weatherPrompt });
    const { stream } = await claude().doStream({ prompt: weatherPrompt });
    const [finish] = partsOfType(await readParts(stream), 'finish');

    expect(generated.finishReason).toEqual({ unified: finishReason, raw });
    expect(finish?.finishReason).toEqual({ unified: finishReason, raw });
  });

  it('fails with a retryable APICallError carrying status 429 and the retry-after header', async () => {
    server.enqueue({
      error: { status: 429, message: 'Number of requests exceeded', headers: { 'retry-after': '7' } },
    });

    const error = await rejectionOf(claude().doGenerate({ prompt: weatherPrompt }));

    expect(APICallError.isInstance(error)).toBe(true);
    const callError = error as APICallError;
    expect(callError.statusCode).toBe(429);
    expect(callError.responseHeaders?.['retry-after']).toBe('7');
    expect(callError.isRetryable).toBe(true);
    expect(callError.message).toBe('Number of requests exceeded');
    expect(JSON.parse(callError.responseBody ?? '')).toMatchObject({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'Number of requests exceeded' },
    });
  });

  it('fails a stream with a non-retryable 401 authentication_error before any part', async () => {
    server.enqueue({ error: { status: 401, message: 'invalid x-api-key' } });

    const error = await rejectionOf(claude().doStream({ prompt: weatherPrompt }));

    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).statusCode).toBe(401);
    expect((error as APICallError).isRetryable).toBe(false);
    expect(JSON.parse((error as APICallError).responseBody ?? '')).toMatchObject({
      error: { type: 'authentication_error', message: 'invalid x-api-key' },
    });
  });

  it('answers 529 with overloaded_error', async () => {
    server.enqueue({ error: { status: 529, message: 'Overloaded' } });

    const error = (await rejectionOf(claude().doGenerate({ prompt: weatherPrompt }))) as APICallError;

    expect(error.statusCode).toBe(529);
    expect(error.isRetryable).toBe(true);
    expect(JSON.parse(error.responseBody ?? '').error.type).toBe('overloaded_error');
  });

  it('records the request the adapter sent: path, format, stream flag, model, messages and tools', async () => {
    server.enqueue({ text: 'ok' }, { text: 'ok' });

    await claude().doGenerate({ prompt: weatherPrompt, tools: [weatherTool], maxOutputTokens: 256 });
    await readParts((await claude().doStream({ prompt: weatherPrompt })).stream);

    const [generate, stream] = server.requests;
    expect(generate).toMatchObject({
      method: 'POST',
      path: '/v1/messages',
      format: 'anthropic-messages',
      stream: false,
    });
    expect(generate?.headers['x-api-key']).toBe('test');
    expect(generate?.body).toMatchObject({
      model: 'claude-sonnet-4-5',
      max_tokens: 256,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'What is the weather in Paris and in Rome?' }] },
      ],
      tools: [
        {
          name: 'get_weather',
          description: 'The current weather in a city.',
          input_schema: weatherTool.inputSchema,
        },
      ],
    });
    expect(stream).toMatchObject({ format: 'anthropic-messages', stream: true, body: { stream: true } });
  });

  it('drives generateText through a tool call and the answer that follows it', async () => {
    server.enqueue(
      {
        toolCalls: [{ name: 'weather', input: { city: 'Paris' } }],
        usage: { input: 100, output: 20, cacheRead: 60 },
      },
      { text: 'It is sunny in Paris.', usage: { input: 150, output: 10, cacheRead: 100, cacheWrite: 20 } },
    );
    const weather = tool({
      description: 'The current weather in a city.',
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => ({ city, sky: 'sunny' }),
    });

    const result = await generateText({
      model: claude(),
      tools: { weather },
      prompt: 'Weather in Paris?',
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });

    expect(result.text).toBe('It is sunny in Paris.');
    expect(result.steps).toHaveLength(2);
    expect(result.steps[0]?.toolCalls.map((call) => [call.toolCallId, call.input])).toEqual([
      ['toolu_1', { city: 'Paris' }],
    ]);
    expect(result.totalUsage.inputTokens).toBe(250);
    expect(result.totalUsage.outputTokens).toBe(30);
    expect(result.totalUsage.inputTokenDetails.cacheReadTokens).toBe(160);
    expect(result.totalUsage.inputTokenDetails.cacheWriteTokens).toBe(20);
    expect(result.totalUsage.inputTokenDetails.noCacheTokens).toBe(70);
    const followUp = JSON.stringify(server.requests[1]?.body);
    expect(followUp).toContain('"tool_use_id":"toolu_1"');
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
      model: claude(),
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
