import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AgentResult, createRuntime, ModelCallError } from '../../src/index.ts';
import { DEFAULT_RETRY } from '../../src/policy/policy-options.ts';
import { type FixtureServer, startFixtureServer } from '../../src/testing/index.ts';
import {
  bodyOf,
  CONCURRENT_WEATHER_LOG,
  collectParts,
  expectedToolCalls,
  expectTwoTurnShape,
  FINAL_CHUNKS,
  FINAL_TEXT,
  FIRST_TEXT,
  fixtureEnvironment,
  NOTE_CONTENT,
  NOTE_PATH,
  PARIS_WEATHER,
  ROME_WEATHER,
  SYSTEM_PROMPT,
  streamedText,
  temporaryFolder,
  tripAgent,
  tripScript,
  USER_MESSAGE,
  WRITE_RESULT,
} from './trip-scenario.ts';

const MODEL = 'claude-sonnet-4-5';
const IDS = { paris: 'toolu_paris', rome: 'toolu_rome', note: 'toolu_note' };

// Total input includes the cache: turn 1 writes 40k tokens of prefix to the cache, turn 2 reads them back.
const FIRST_USAGE = { input: 48_000, output: 1_200, cacheRead: 0, cacheWrite: 40_000, reasoning: 400 };
const SECOND_USAGE = { input: 49_500, output: 300, cacheRead: 40_000, cacheWrite: 1_500, reasoning: 0 };

// claude-sonnet-4-5 list prices in dollars per million tokens, as in src/cost/default-prices.ts:
// input 3, output 15, cache read 0.30 (0.1x input), cache write 3.75 (1.25x input, 5-minute writes).
const PRICE_INPUT = 3;
const PRICE_OUTPUT = 15;
const PRICE_CACHE_READ = 0.3;
const PRICE_CACHE_WRITE = 3.75;

let server: FixtureServer;
let sandbox: { path: string; remove: () => Promise<void> };

beforeEach(async () => {
  server = await startFixtureServer();
  sandbox = await temporaryFolder('vega-anthropic-');
});

afterEach(async () => {
  await server.close();
  await sandbox.remove();
});

function runtime() {
  return createRuntime({ env: fixtureEnvironment(server) });
}

/** The content blocks of the last message of a recorded Messages API request. */
function lastMessageContent(index: number): Record<string, unknown>[] {
  const messages = bodyOf(server.requests[index]).messages as { role: string; content: unknown }[];
  const last = messages.at(-1);
  expect(last?.role).toBe('user');
  return last?.content as Record<string, unknown>[];
}

function expectTripResult(result: AgentResult): void {
  expect(result.text).toBe(FINAL_TEXT);
  expect(result.output).toBe(FINAL_TEXT);
  expect(result.turns).toBe(2);
  expect(result.finishReason).toBe('stop');
  expect(result.toolCalls).toEqual(expectedToolCalls(IDS));
  expect(result.modelCalls.map((call) => [call.provider, call.model, call.finishReason])).toEqual([
    ['anthropic.messages', MODEL, 'tool-calls'],
    ['anthropic.messages', MODEL, 'stop'],
  ]);
}

function expectTripRequests(options: { stream: boolean }): void {
  expect(server.requests).toHaveLength(2);
  for (const request of server.requests) {
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/messages');
    expect(request.headers['x-api-key']).toBe('test-key');
    expect(request.headers['anthropic-version']).toBe('2023-06-01');
    expect(request.stream).toBe(options.stream);
    const body = bodyOf(request);
    expect(body.model).toBe(MODEL);
    expect(body.system).toEqual([{ type: 'text', text: SYSTEM_PROMPT }]);
    expect((body.tools as { name: string }[]).map((tool) => tool.name)).toEqual([
      'get_weather',
      'write_file',
    ]);
  }
  expect(lastMessageContent(0)).toEqual([{ type: 'text', text: USER_MESSAGE }]);

  // The second request replays the assistant's turn and answers each tool_use with a matching tool_result.
  const messages = bodyOf(server.requests[1]).messages as { role: string; content: unknown }[];
  expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
  expect(messages[1]?.content).toEqual([
    { type: 'text', text: FIRST_TEXT },
    { type: 'tool_use', id: IDS.paris, name: 'get_weather', input: { city: 'Paris' } },
    { type: 'tool_use', id: IDS.rome, name: 'get_weather', input: { city: 'Rome' } },
    { type: 'tool_use', id: IDS.note, name: 'write_file', input: { path: NOTE_PATH, content: NOTE_CONTENT } },
  ]);
  expect(lastMessageContent(1)).toEqual([
    { type: 'tool_result', tool_use_id: IDS.paris, content: JSON.stringify(PARIS_WEATHER) },
    { type: 'tool_result', tool_use_id: IDS.rome, content: JSON.stringify(ROME_WEATHER) },
    { type: 'tool_result', tool_use_id: IDS.note, content: WRITE_RESULT },
  ]);
}

function expectTripUsageAndCost(result: AgentResult): void {
  expect(result.modelCalls.map((call) => call.usage)).toEqual([
    {
      inputTokens: 48_000,
      outputTokens: 1_200,
      cacheReadTokens: 0,
      cacheWriteTokens: 40_000,
      reasoningTokens: 400,
    },
    {
      inputTokens: 49_500,
      outputTokens: 300,
      cacheReadTokens: 40_000,
      cacheWriteTokens: 1_500,
      reasoningTokens: 0,
    },
  ]);
  expect(result.usage).toEqual({
    inputTokens: 97_500,
    outputTokens: 1_500,
    cacheReadTokens: 40_000,
    cacheWriteTokens: 41_500,
    reasoningTokens: 400,
  });

  // Plain input is what was neither read from nor written to the cache: 97,500 - 40,000 - 41,500 = 16,000.
  const plainInput = 97_500 - 40_000 - 41_500;
  const expected = {
    input: (plainInput * PRICE_INPUT) / 1_000_000, // $0.048
    output: (1_500 * PRICE_OUTPUT) / 1_000_000, // $0.0225 (reasoning is part of output, billed once)
    cacheRead: (40_000 * PRICE_CACHE_READ) / 1_000_000, // $0.012
    cacheWrite: (41_500 * PRICE_CACHE_WRITE) / 1_000_000, // $0.155625
  };
  const expectedTotal = expected.input + expected.output + expected.cacheRead + expected.cacheWrite;
  expect(result.cost.usd).toBeCloseTo(expectedTotal, 2);
  // Vega adds in nano-dollars, so the total is the exact decimal, with no float noise.
  expect(result.cost.usd).toBe(0.238125);
  expect(result.cost.breakdown.input).toBeCloseTo(expected.input, 9);
  expect(result.cost.breakdown.output).toBeCloseTo(expected.output, 9);
  expect(result.cost.breakdown.cacheRead).toBeCloseTo(expected.cacheRead, 9);
  expect(result.cost.breakdown.cacheWrite).toBeCloseTo(expected.cacheWrite, 9);
  expect(result.cost.unpricedModels).toEqual([]);
}

/** One attempt: these tests look at how a failure is classified, not at the retry policy. */
const NO_RETRY = { ...DEFAULT_RETRY, maxAttempts: 1 };

describe('an agent on Anthropic Messages (claude-sonnet-4-5) through the fixture server', () => {
  it('runs the tool loop: parallel tool calls, a file written in the sandbox, usage and cost summed', async () => {
    server.enqueue(...tripScript(IDS, { first: FIRST_USAGE, second: SECOND_USAGE }));
    const { agent, weatherLog } = tripAgent(MODEL, sandbox.path);

    const result = await agent.run(USER_MESSAGE, { environment: runtime().environment });

    expectTripResult(result);
    expect(weatherLog).toEqual(CONCURRENT_WEATHER_LOG);
    expect(await readFile(join(sandbox.path, NOTE_PATH), 'utf8')).toBe(NOTE_CONTENT);
    expectTripRequests({ stream: false });
    expectTripUsageAndCost(result);
    expect(server.pendingReplies).toBe(0);
  });

  it('streams the same script to the same result, with text deltas that join to the final text', async () => {
    server.enqueue(...tripScript(IDS, { first: FIRST_USAGE, second: SECOND_USAGE }));
    const generated = await tripAgent(MODEL, sandbox.path).agent.run(USER_MESSAGE, {
      environment: runtime().environment,
    });
    server.reset();
    server.enqueue(...tripScript(IDS, { first: FIRST_USAGE, second: SECOND_USAGE }));
    const { agent, weatherLog } = tripAgent(MODEL, sandbox.path);

    const stream = agent.stream(USER_MESSAGE, { environment: runtime().environment });
    const parts = await collectParts(stream);
    const result = await stream.result;

    expectTwoTurnShape(parts);
    expect(streamedText(parts, 1)).toBe(FIRST_TEXT);
    expect(streamedText(parts, 2)).toBe(FINAL_TEXT);
    expect(parts.filter((part) => part.type === 'text-delta' && part.turn === 2).length).toBe(
      FINAL_CHUNKS.length,
    );
    expect(parts.filter((part) => part.type === 'tool-call')).toEqual([
      {
        type: 'tool-call',
        turn: 1,
        toolCallId: IDS.paris,
        toolName: 'get_weather',
        input: { city: 'Paris' },
      },
      { type: 'tool-call', turn: 1, toolCallId: IDS.rome, toolName: 'get_weather', input: { city: 'Rome' } },
      {
        type: 'tool-call',
        turn: 1,
        toolCallId: IDS.note,
        toolName: 'write_file',
        input: { path: NOTE_PATH, content: NOTE_CONTENT },
      },
    ]);
    const usageParts = parts.filter((part) => part.type === 'usage');
    expect(usageParts.map((part) => part.usage)).toEqual(result.modelCalls.map((call) => call.usage));
    expect(usageParts.map((part) => part.cost)).toEqual(result.modelCalls.map((call) => call.cost));
    expect(parts.at(-1)).toEqual({ type: 'run-end', result });

    expectTripResult(result);
    expect(weatherLog).toEqual(CONCURRENT_WEATHER_LOG);
    expect(await readFile(join(sandbox.path, NOTE_PATH), 'utf8')).toBe(NOTE_CONTENT);
    expectTripRequests({ stream: true });
    expectTripUsageAndCost(result);
    expect(result).toEqual(generated);
  });

  it('surfaces a 429 with retry-after as a retryable rate_limit ModelCallError, after one request', async () => {
    server.enqueue({
      error: {
        status: 429,
        message: 'Number of request tokens has exceeded your per-minute rate limit',
        headers: { 'retry-after': '7' },
      },
    });
    const { agent } = tripAgent(MODEL, sandbox.path);

    const error = await agent
      .run(USER_MESSAGE, { environment: runtime().environment, policies: { retry: NO_RETRY } })
      .catch((caught) => caught);

    expect(ModelCallError.isModelCallError(error)).toBe(true);
    expect(error).toMatchObject({
      kind: 'rate_limit',
      retryable: true,
      retryAfterMs: 7_000,
      status: 429,
      provider: 'anthropic.messages',
      model: MODEL,
      providerMessage: 'Number of request tokens has exceeded your per-minute rate limit',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('surfaces a 401 as an authentication ModelCallError that names ANTHROPIC_API_KEY, streaming too', async () => {
    server.enqueue({ error: { status: 401, message: 'invalid x-api-key' } });
    const { agent } = tripAgent(MODEL, sandbox.path);

    const stream = agent.stream(USER_MESSAGE, { environment: runtime().environment });
    const parts = await collectParts(stream);
    const error = await stream.result.catch((caught) => caught);

    expect(parts.map((part) => part.type)).toEqual(['turn-start', 'error']);
    expect(parts.at(-1)).toEqual({ type: 'error', error });
    expect(ModelCallError.isModelCallError(error)).toBe(true);
    expect(error).toMatchObject({
      kind: 'authentication',
      retryable: false,
      status: 401,
      providerMessage: 'invalid x-api-key',
      retryAfterMs: undefined,
    });
    expect((error as ModelCallError).hint).toContain('ANTHROPIC_API_KEY');
    expect(server.requests).toHaveLength(1);
  });
});
