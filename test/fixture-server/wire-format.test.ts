import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../../src/testing/fixture-server/index.ts';
import { parseSse, post, ssePayloads } from './wire-client.ts';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({ clock: { now: () => 1_750_000_000_000 } });
});
beforeEach(() => {
  server.reset();
});
afterAll(async () => {
  await server.close();
});

const reply = {
  text: 'Hello big world',
  toolCalls: [{ name: 'get_weather', input: { city: 'Paris' } }],
  usage: { input: 900, output: 50, cacheRead: 500, cacheWrite: 100, reasoning: 20 },
};

describe('Anthropic Messages on the wire', () => {
  const send = (body: Record<string, unknown>) =>
    post(`${server.url}/v1/messages`, { model: 'claude-haiku-4-5', max_tokens: 64, messages: [], ...body });

  it('streams the event sequence of the API, each event named after its data type', async () => {
    server.enqueue(reply);

    const answer = await send({ stream: true });
    const events = parseSse(answer.text);

    expect(answer.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(events.map((event) => event.event)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const payloads = ssePayloads(answer.text);
    expect(payloads.map((payload) => payload.type)).toEqual(events.map((event) => event.event));
    expect(payloads[0]).toMatchObject({
      message: {
        id: 'msg_1',
        model: 'claude-haiku-4-5',
        content: [],
        stop_reason: null,
        usage: { input_tokens: 300, cache_read_input_tokens: 500, cache_creation_input_tokens: 100 },
      },
    });
    expect(payloads.slice(3, 6).map((payload) => payload.delta)).toEqual([
      { type: 'text_delta', text: 'Hello' },
      { type: 'text_delta', text: ' big' },
      { type: 'text_delta', text: ' world' },
    ]);
    expect(payloads[7]).toEqual({
      type: 'content_block_start',
      index: 1,
      content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} },
    });
    const partialJson = payloads
      .slice(8, 11)
      .map((payload) => (payload.delta as { partial_json: string }).partial_json)
      .join('');
    expect(partialJson).toBe('{"city":"Paris"}');
    expect(payloads[12]).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: {
        input_tokens: 300,
        cache_creation_input_tokens: 100,
        cache_read_input_tokens: 500,
        output_tokens: 50,
        output_tokens_details: { thinking_tokens: 20 },
      },
    });
  });

  it('answers JSON with text and tool_use blocks and usage that excludes the cache from input_tokens', async () => {
    server.enqueue(reply);

    const answer = await send({});

    expect(answer.status).toBe(200);
    expect(answer.headers.get('request-id')).toMatch(/^req_\d+$/);
    expect(JSON.parse(answer.text)).toMatchObject({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-haiku-4-5',
      content: [
        { type: 'text', text: 'Hello big world' },
        { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: 300,
        cache_read_input_tokens: 500,
        cache_creation_input_tokens: 100,
        output_tokens: 50,
      },
    });
  });
});

describe('OpenAI Chat Completions on the wire', () => {
  const send = (body: Record<string, unknown>) =>
    post(`${server.url}/v1/chat/completions`, { model: 'gpt-4.1-mini', messages: [], ...body });

  it('streams data lines ending in [DONE], with usage only when include_usage asks for it', async () => {
    server.enqueue(reply, reply);

    const withUsage = await send({ stream: true, stream_options: { include_usage: true } });
    const withoutUsage = await send({ stream: true });

    const events = parseSse(withUsage.text);
    expect(events.every((event) => event.event === undefined)).toBe(true);
    expect(events.at(-1)?.data).toBe('[DONE]');
    const chunks = ssePayloads(withUsage.text);
    expect(
      chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.id === 'chatcmpl-1'),
    ).toBe(true);
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: {
        prompt_tokens: 900,
        completion_tokens: 50,
        total_tokens: 950,
        prompt_tokens_details: { cached_tokens: 500, cache_write_tokens: 100 },
        completion_tokens_details: { reasoning_tokens: 20 },
      },
    });
    expect(chunks.at(-2)).toMatchObject({ choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] });
    expect(ssePayloads(withoutUsage.text).some((chunk) => 'usage' in chunk)).toBe(false);
    expect(parseSse(withoutUsage.text).at(-1)?.data).toBe('[DONE]');
  });

  it('puts the role on the first tool-call delta of a reply that is only tool calls, and content null in JSON', async () => {
    const toolsOnly = { toolCalls: [{ name: 'get_weather', input: '{"city": "Par' }] };
    server.enqueue(toolsOnly, toolsOnly);

    const streamed = ssePayloads((await send({ stream: true })).text);
    const json = JSON.parse((await send({})).text);

    type ToolCallDelta = { function: { arguments: string } };
    const deltas = streamed.map(
      (chunk) =>
        (chunk.choices as { delta: Record<string, unknown> & { tool_calls?: ToolCallDelta[] } }[])[0]!.delta,
    );
    expect(deltas[0]).toEqual({
      role: 'assistant',
      content: null,
      refusal: null,
      tool_calls: [
        { index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } },
      ],
    });
    const argumentsText = deltas
      .slice(1, -1)
      .map((delta) => delta.tool_calls?.[0]?.function.arguments)
      .join('');
    expect(argumentsText).toBe('{"city": "Par');
    expect(json.choices[0].message).toMatchObject({
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Par' } },
      ],
    });
    expect(json.created).toBe(1_750_000_000);
  });
});

describe('OpenAI Responses on the wire', () => {
  const send = (body: Record<string, unknown>) =>
    post(`${server.url}/v1/responses`, { model: 'gpt-5-mini', input: 'Hi', ...body });

  it('streams typed events with consecutive sequence numbers, ending in response.completed', async () => {
    server.enqueue(reply);

    const answer = await send({ stream: true });
    const events = parseSse(answer.text);
    const payloads = ssePayloads(answer.text);

    expect(payloads.map((payload) => payload.type)).toEqual(events.map((event) => event.event));
    expect(payloads.map((payload) => payload.sequence_number)).toEqual(payloads.map((_, index) => index));
    expect(events.map((event) => event.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(payloads[0]).toMatchObject({
      response: {
        id: 'resp_1',
        status: 'in_progress',
        model: 'gpt-5-mini',
        created_at: 1_750_000_000,
        output: [],
      },
    });
    expect(payloads[10]).toMatchObject({
      output_index: 1,
      item: { id: 'fc_1', type: 'function_call', status: 'in_progress', call_id: 'call_1', arguments: '' },
    });
    expect(payloads.at(-1)).toMatchObject({
      response: {
        status: 'completed',
        output: [
          { id: 'msg_1', type: 'message', content: [{ type: 'output_text', text: 'Hello big world' }] },
          { id: 'fc_1', type: 'function_call', call_id: 'call_1', arguments: '{"city":"Paris"}' },
        ],
        usage: {
          input_tokens: 900,
          input_tokens_details: { cached_tokens: 500, cache_write_tokens: 100 },
          output_tokens: 50,
          output_tokens_details: { reasoning_tokens: 20 },
          total_tokens: 950,
        },
      },
    });
  });

  it('answers JSON with an incomplete status and reason when the reply was cut at the length limit', async () => {
    server.enqueue({ text: 'Cut sh', finishReason: 'length' });

    const answer = JSON.parse((await send({ max_output_tokens: 16 })).text);

    expect(answer).toMatchObject({
      id: 'resp_1',
      object: 'response',
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      max_output_tokens: 16,
      output: [{ type: 'message', content: [{ type: 'output_text', text: 'Cut sh' }] }],
    });
  });
});
