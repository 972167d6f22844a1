import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AgentResult, createRuntime, ModelCallError, type Usage } from '../../src/index.ts';
import { DEFAULT_RETRY } from '../../src/policy/policy-options.ts';
import { type FixtureServer, type RecordedRequest, startFixtureServer } from '../../src/testing/index.ts';
import {
  bodyOf,
  CONCURRENT_WEATHER_LOG,
  collectParts,
  expectedToolCalls,
  expectTwoTurnShape,
  FINAL_TEXT,
  FIRST_TEXT,
  fixtureEnvironment,
  NOTE_CONTENT,
  NOTE_PATH,
  PARIS_WEATHER,
  ROME_WEATHER,
  SYSTEM_PROMPT,
  streamedText,
  type TripCallIds,
  temporaryFolder,
  tripAgent,
  tripScript,
  USER_MESSAGE,
  WRITE_RESULT,
} from './trip-scenario.ts';

const IDS: TripCallIds = { paris: 'call_paris', rome: 'call_rome', note: 'call_note' };
const PARIS_ARGUMENTS = JSON.stringify({ city: 'Paris' });
const ROME_ARGUMENTS = JSON.stringify({ city: 'Rome' });
const NOTE_ARGUMENTS = JSON.stringify({ path: NOTE_PATH, content: NOTE_CONTENT });

interface ExpectedCost {
  readonly usd: number;
  readonly breakdown: { input: number; output: number; cacheRead: number; cacheWrite: number };
}

interface OpenAIApi {
  readonly title: string;
  readonly model: string;
  readonly provider: string;
  readonly path: string;
  readonly first: { input: number; output: number; cacheRead: number; cacheWrite: number };
  readonly second: { input: number; output: number; cacheRead: number; cacheWrite: number };
  readonly totalUsage: Usage;
  /** Computed by hand from the published per-million prices. */
  readonly expectedCost: ExpectedCost;
  /** The exact decimal total Vega must report (it adds in nano-dollars). */
  readonly exactTotal: number;
  /** Asserts the first request carries the system prompt and the user message in this API's shape. */
  readonly expectFirstRequest: (request: RecordedRequest) => void;
  /** Asserts the second request replays the tool calls and answers each with its result. */
  readonly expectToolResults: (request: RecordedRequest) => void;
}

function perMillion(tokens: number, dollarsPerMillion: number): number {
  return (tokens * dollarsPerMillion) / 1_000_000;
}

function withTotal(breakdown: ExpectedCost['breakdown']): ExpectedCost {
  return {
    usd: breakdown.input + breakdown.output + breakdown.cacheRead + breakdown.cacheWrite,
    breakdown,
  };
}

// gpt-4o list prices in dollars per million tokens, as in src/cost/default-prices.ts: input 2.50,
// output 10, cached input 1.25. OpenAI has no cache-write surcharge, so cache writes cost the input price.
const GPT_4O = { input: 2.5, output: 10, cacheRead: 1.25, cacheWrite: 2.5 };
// gpt-4o-mini: input 0.15, output 0.60, cached input 0.075; cache writes at the input price.
const GPT_4O_MINI = { input: 0.15, output: 0.6, cacheRead: 0.075, cacheWrite: 0.15 };

const responsesApi: OpenAIApi = {
  title: 'OpenAI Responses (gpt-4o)',
  model: 'gpt-4o',
  provider: 'openai.responses',
  path: '/v1/responses',
  // OpenAI counts cached tokens inside input_tokens and caches in 128-token steps (59,904 = 468 x 128).
  first: { input: 60_000, output: 900, cacheRead: 0, cacheWrite: 12_000 },
  second: { input: 61_500, output: 250, cacheRead: 59_904, cacheWrite: 0 },
  totalUsage: {
    inputTokens: 121_500,
    outputTokens: 1_150,
    cacheReadTokens: 59_904,
    cacheWriteTokens: 12_000,
    reasoningTokens: 0,
  },
  // Plain input: 121,500 - 59,904 - 12,000 = 49,596 tokens.
  expectedCost: withTotal({
    input: perMillion(121_500 - 59_904 - 12_000, GPT_4O.input), // $0.12399
    output: perMillion(1_150, GPT_4O.output), // $0.0115
    cacheRead: perMillion(59_904, GPT_4O.cacheRead), // $0.07488
    cacheWrite: perMillion(12_000, GPT_4O.cacheWrite), // $0.03
  }),
  exactTotal: 0.24037,
  expectFirstRequest(request) {
    expect(bodyOf(request).input).toEqual([
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: [{ type: 'input_text', text: USER_MESSAGE }] },
    ]);
  },
  expectToolResults(request) {
    const input = bodyOf(request).input as Record<string, unknown>[];
    expect(input.filter((item) => item.type === 'function_call')).toEqual([
      { type: 'function_call', call_id: IDS.paris, name: 'get_weather', arguments: PARIS_ARGUMENTS },
      { type: 'function_call', call_id: IDS.rome, name: 'get_weather', arguments: ROME_ARGUMENTS },
      { type: 'function_call', call_id: IDS.note, name: 'write_file', arguments: NOTE_ARGUMENTS },
    ]);
    expect(input.slice(-3)).toEqual([
      { type: 'function_call_output', call_id: IDS.paris, output: JSON.stringify(PARIS_WEATHER) },
      { type: 'function_call_output', call_id: IDS.rome, output: JSON.stringify(ROME_WEATHER) },
      { type: 'function_call_output', call_id: IDS.note, output: WRITE_RESULT },
    ]);
  },
};

const chatApi: OpenAIApi = {
  title: 'OpenAI Chat Completions (openai-chat:gpt-4o-mini)',
  model: 'openai-chat:gpt-4o-mini',
  provider: 'openai.chat',
  path: '/v1/chat/completions',
  first: { input: 120_000, output: 3_000, cacheRead: 0, cacheWrite: 20_000 },
  second: { input: 124_000, output: 700, cacheRead: 119_936, cacheWrite: 0 },
  totalUsage: {
    inputTokens: 244_000,
    outputTokens: 3_700,
    cacheReadTokens: 119_936,
    cacheWriteTokens: 20_000,
    reasoningTokens: 0,
  },
  // Plain input: 244,000 - 119,936 - 20,000 = 104,064 tokens.
  expectedCost: withTotal({
    input: perMillion(244_000 - 119_936 - 20_000, GPT_4O_MINI.input), // $0.0156096
    output: perMillion(3_700, GPT_4O_MINI.output), // $0.00222
    cacheRead: perMillion(119_936, GPT_4O_MINI.cacheRead), // $0.0089952
    cacheWrite: perMillion(20_000, GPT_4O_MINI.cacheWrite), // $0.003
  }),
  exactTotal: 0.0298248,
  expectFirstRequest(request) {
    expect(bodyOf(request).messages).toEqual([
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: USER_MESSAGE },
    ]);
  },
  expectToolResults(request) {
    const messages = bodyOf(request).messages as Record<string, unknown>[];
    expect(messages.map((message) => message.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'tool',
      'tool',
    ]);
    expect(messages[2]).toEqual({
      role: 'assistant',
      content: FIRST_TEXT,
      tool_calls: [
        { id: IDS.paris, type: 'function', function: { name: 'get_weather', arguments: PARIS_ARGUMENTS } },
        { id: IDS.rome, type: 'function', function: { name: 'get_weather', arguments: ROME_ARGUMENTS } },
        { id: IDS.note, type: 'function', function: { name: 'write_file', arguments: NOTE_ARGUMENTS } },
      ],
    });
    expect(messages.slice(3)).toEqual([
      { role: 'tool', tool_call_id: IDS.paris, content: JSON.stringify(PARIS_WEATHER) },
      { role: 'tool', tool_call_id: IDS.rome, content: JSON.stringify(ROME_WEATHER) },
      { role: 'tool', tool_call_id: IDS.note, content: WRITE_RESULT },
    ]);
  },
};

let server: FixtureServer;
let sandbox: { path: string; remove: () => Promise<void> };

beforeEach(async () => {
  server = await startFixtureServer();
  sandbox = await temporaryFolder('vega-openai-');
});

afterEach(async () => {
  await server.close();
  await sandbox.remove();
});

function runtime() {
  return createRuntime({ env: fixtureEnvironment(server) });
}

/** One attempt: these tests look at how a failure is classified, not at the retry policy. */
const NO_RETRY = { ...DEFAULT_RETRY, maxAttempts: 1 };

describe.each([responsesApi, chatApi])('an agent on $title through the fixture server', (api) => {
  const modelId = api.model.replace(/^openai-chat:/, '');

  function expectTripResult(result: AgentResult): void {
    expect(result.text).toBe(FINAL_TEXT);
    expect(result.output).toBe(FINAL_TEXT);
    expect(result.turns).toBe(2);
    expect(result.finishReason).toBe('stop');
    expect(result.toolCalls).toEqual(expectedToolCalls(IDS));
    expect(result.modelCalls.map((call) => [call.provider, call.model, call.finishReason])).toEqual([
      [api.provider, modelId, 'tool-calls'],
      [api.provider, modelId, 'stop'],
    ]);
  }

  function expectTripRequests(options: { stream: boolean }): void {
    expect(server.requests).toHaveLength(2);
    for (const request of server.requests) {
      expect(request.method).toBe('POST');
      expect(request.path).toBe(api.path);
      expect(request.headers.authorization).toBe('Bearer test-key');
      expect(request.stream).toBe(options.stream);
      const body = bodyOf(request);
      expect(body.model).toBe(modelId);
      expect(JSON.stringify(body.tools)).toContain('"get_weather"');
      expect(JSON.stringify(body.tools)).toContain('"write_file"');
    }
    api.expectFirstRequest(server.requests[0]!);
    api.expectToolResults(server.requests[1]!);
  }

  function expectTripUsageAndCost(result: AgentResult): void {
    expect(result.modelCalls.map((call) => call.usage)).toEqual([
      {
        inputTokens: api.first.input,
        outputTokens: api.first.output,
        cacheReadTokens: api.first.cacheRead,
        cacheWriteTokens: api.first.cacheWrite,
        reasoningTokens: 0,
      },
      {
        inputTokens: api.second.input,
        outputTokens: api.second.output,
        cacheReadTokens: api.second.cacheRead,
        cacheWriteTokens: api.second.cacheWrite,
        reasoningTokens: 0,
      },
    ]);
    expect(result.usage).toEqual(api.totalUsage);
    expect(result.cost.usd).toBeCloseTo(api.expectedCost.usd, 2);
    expect(result.cost.usd).toBe(api.exactTotal);
    expect(result.cost.breakdown.input).toBeCloseTo(api.expectedCost.breakdown.input, 9);
    expect(result.cost.breakdown.output).toBeCloseTo(api.expectedCost.breakdown.output, 9);
    expect(result.cost.breakdown.cacheRead).toBeCloseTo(api.expectedCost.breakdown.cacheRead, 9);
    expect(result.cost.breakdown.cacheWrite).toBeCloseTo(api.expectedCost.breakdown.cacheWrite, 9);
    expect(result.cost.unpricedModels).toEqual([]);
  }

  it('runs the tool loop: parallel tool calls, a file written in the sandbox, usage and cost summed', async () => {
    server.enqueue(...tripScript(IDS, { first: api.first, second: api.second }));
    const { agent, weatherLog } = tripAgent(api.model, sandbox.path);

    const result = await agent.run(USER_MESSAGE, { environment: runtime().environment });

    expectTripResult(result);
    expect(weatherLog).toEqual(CONCURRENT_WEATHER_LOG);
    expect(await readFile(join(sandbox.path, NOTE_PATH), 'utf8')).toBe(NOTE_CONTENT);
    expectTripRequests({ stream: false });
    expectTripUsageAndCost(result);
    expect(server.pendingReplies).toBe(0);
  });

  it('streams the same script to the same result, with text deltas that join to the final text', async () => {
    server.enqueue(...tripScript(IDS, { first: api.first, second: api.second }));
    const generated = await tripAgent(api.model, sandbox.path).agent.run(USER_MESSAGE, {
      environment: runtime().environment,
    });
    server.reset();
    server.enqueue(...tripScript(IDS, { first: api.first, second: api.second }));
    const { agent, weatherLog } = tripAgent(api.model, sandbox.path);

    const stream = agent.stream(USER_MESSAGE, { environment: runtime().environment });
    const parts = await collectParts(stream);
    const result = await stream.result;

    expectTwoTurnShape(parts);
    expect(streamedText(parts, 1)).toBe(FIRST_TEXT);
    expect(streamedText(parts, 2)).toBe(FINAL_TEXT);
    expect(
      parts
        .filter((part) => part.type === 'tool-call')
        .map((part) => (part.type === 'tool-call' ? part.input : 0)),
    ).toEqual([{ city: 'Paris' }, { city: 'Rome' }, { path: NOTE_PATH, content: NOTE_CONTENT }]);
    const usageParts = parts.filter((part) => part.type === 'usage');
    expect(usageParts.map((part) => part.usage)).toEqual(result.modelCalls.map((call) => call.usage));
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
        message: 'Rate limit reached for gpt-4o in organization org-test on tokens per min (TPM).',
        headers: { 'retry-after': '2' },
      },
    });
    const { agent } = tripAgent(api.model, sandbox.path);

    const error = await agent
      .run(USER_MESSAGE, { environment: runtime().environment, policies: { retry: NO_RETRY } })
      .catch((caught) => caught);

    expect(ModelCallError.isModelCallError(error)).toBe(true);
    expect(error).toMatchObject({
      kind: 'rate_limit',
      retryable: true,
      retryAfterMs: 2_000,
      status: 429,
      provider: api.provider,
      model: modelId,
      providerMessage: 'Rate limit reached for gpt-4o in organization org-test on tokens per min (TPM).',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('surfaces a 401 as an authentication ModelCallError that names OPENAI_API_KEY, streaming too', async () => {
    const message =
      'Incorrect API key provided: test-key. You can find your API key at https://platform.openai.com.';
    server.enqueue({ error: { status: 401, message } });
    const { agent } = tripAgent(api.model, sandbox.path);

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
      providerMessage: message,
    });
    expect((error as ModelCallError).hint).toContain('OPENAI_API_KEY');
    expect(server.requests).toHaveLength(1);
  });
});
