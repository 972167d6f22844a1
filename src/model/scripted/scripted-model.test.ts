import { APICallError } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { VegaError } from '../../errors/vega-error.ts';
import type { ModelCallOptions, ModelPrompt } from '../../spec/model.ts';
import { ScriptExhausted } from './script-exhausted.ts';
import { ScriptIncomplete } from './script-incomplete.ts';
import { scriptedModel } from './scripted-model.ts';

function user(text: string): ModelPrompt {
  return [{ role: 'user', content: [{ type: 'text', text }] }];
}

function call(text: string, agent?: string): ModelCallOptions {
  return { prompt: user(text), ...(agent === undefined ? {} : { providerOptions: { vega: { agent } } }) };
}

function textOf(result: { content: readonly { type: string; text?: string }[] }): string {
  return result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

describe('scriptedModel: the model', () => {
  it('implements the v4 specification', () => {
    const model = scriptedModel([], { modelId: 'claude-sonnet-4-5', provider: 'anthropic' });
    expect(model.specificationVersion).toBe('v4');
    expect(model.provider).toBe('anthropic');
    expect(model.modelId).toBe('claude-sonnet-4-5');
    expect(model.supportedUrls).toEqual({});
    expect(scriptedModel([]).provider).toBe('scripted');
  });
});

describe('scriptedModel: matching', () => {
  it('answers by agent and by the turn it counts per agent', async () => {
    const model = scriptedModel({
      replies: [
        { agent: 'Writer', turn: 2, text: 'writer two' },
        { agent: 'Editor', turn: 1, text: 'editor one' },
        { agent: 'Writer', turn: 1, text: 'writer one' },
      ],
    });
    expect(textOf(await model.doGenerate(call('a', 'Writer')))).toBe('writer one');
    expect(textOf(await model.doGenerate(call('b', 'Editor')))).toBe('editor one');
    expect(textOf(await model.doGenerate(call('c', 'Writer')))).toBe('writer two');
    expect(model.calls.map((recorded) => [recorded.agent, recorded.turn, recorded.entryIndex])).toEqual([
      ['Writer', 1, 2],
      ['Editor', 1, 1],
      ['Writer', 2, 0],
    ]);
  });

  it('answers by a pattern on the last user message, in source or /source/flags form', async () => {
    const model = scriptedModel({
      replies: [
        { match: 'weather in (\\w+)', text: 'sunny' },
        { match: '/^HELLO/i', text: 'hi' },
      ],
    });
    const prompt: ModelPrompt = [
      { role: 'system', content: 'weather in Rome' },
      { role: 'user', content: [{ type: 'text', text: 'hello there' }] },
    ];
    expect(textOf(await model.doGenerate({ prompt }))).toBe('hi');
    expect(textOf(await model.doGenerate(call('the weather in Paris?')))).toBe('sunny');
  });

  it('consumes entries without matchers in order, skipping entries that do not match', async () => {
    const model = scriptedModel({
      replies: [{ agent: 'Other', text: 'other' }, { text: 'first' }, { text: 'second' }],
    });
    expect(textOf(await model.doGenerate(call('x', 'Me')))).toBe('first');
    expect(textOf(await model.doGenerate(call('x', 'Me')))).toBe('second');
    expect(textOf(await model.doGenerate(call('x', 'Other')))).toBe('other');
  });

  it('uses an entry as many times as `times` allows', async () => {
    const model = scriptedModel({
      replies: [
        { text: 'twice', times: 2 },
        { text: 'then', times: 'always' },
      ],
    });
    const texts: string[] = [];
    for (let index = 0; index < 5; index++) texts.push(textOf(await model.doGenerate(call('x'))));
    expect(texts).toEqual(['twice', 'twice', 'then', 'then', 'then']);
  });

  it('falls back to a reply, to an echo, or to the exhaustion error', async () => {
    const withReply = scriptedModel({ replies: [], fallback: { text: 'fallback' } });
    expect(textOf(await withReply.doGenerate(call('x')))).toBe('fallback');
    expect(textOf(await withReply.doGenerate(call('y')))).toBe('fallback');

    const withEcho = scriptedModel({ replies: [{ text: 'scripted' }], fallback: 'echo' });
    expect(textOf(await withEcho.doGenerate(call('one')))).toBe('scripted');
    expect(textOf(await withEcho.doGenerate(call('two')))).toBe('[echo] two');

    const withError = scriptedModel({ replies: [], fallback: 'error' });
    await expect(withError.doGenerate(call('x'))).rejects.toBeInstanceOf(ScriptExhausted);
  });

  it('answers from a function told the agent, turn and last user message', async () => {
    const model = scriptedModel((scripted) => ({
      text: `${scripted.agent} ${scripted.turn} ${scripted.callNumber} ${scripted.lastUserMessage}`,
    }));
    await model.doGenerate(call('first', 'A'));
    expect(textOf(await model.doGenerate(call('second', 'A')))).toBe('A 2 2 second');
    model.assertComplete();
  });
});

describe('scriptedModel: when the script has no reply', () => {
  it('throws ScriptExhausted naming the agent, the turn, the message and how to add an entry', async () => {
    const model = scriptedModel({ replies: [{ agent: 'Writer', text: 'once' }] }, { modelId: 'haiku.yaml' });
    await model.doGenerate(call('first', 'Writer'));
    const error = await model
      .doGenerate(call(`please ${'x'.repeat(200)}`, 'Writer'))
      .catch((caught) => caught);
    expect(VegaError.isInstance(error) && error.code).toBe('script_exhausted');
    expect(error).toMatchObject({ agent: 'Writer', turn: 2, modelId: 'haiku.yaml' });
    expect(error.message).toContain('Scripted model "haiku.yaml" has no reply for agent "Writer", turn 2.');
    expect(error.message).toContain(`Last user message: "please ${'x'.repeat(73)}…"`);
    expect(error.message).toContain('  - agent: Writer\n    turn: 2\n    text: "..."');
    expect(error.message).toContain('fallback: echo');
    expect(model.calls[1]?.reply).toBeUndefined();
  });

  it('says so when the call has no agent', async () => {
    const error = await scriptedModel([])
      .doGenerate(call('hi'))
      .catch((caught) => caught);
    expect(error.message).toContain('no reply for a call without an agent, turn 1');
    expect(error.message).toContain('  - turn: 1\n    text: "..."');
  });
});

describe('scriptedModel: tool calls', () => {
  it('returns tool calls with JSON input, deterministic ids and finish reason tool-calls', async () => {
    const model = scriptedModel([
      {
        text: 'Let me check.',
        toolCalls: [
          { name: 'get_weather', input: { city: 'Paris' } },
          { name: 'get_time', input: { zone: 'CET' }, id: 'time-1' },
        ],
      },
    ]);
    const result = await model.doGenerate(call('weather?'));
    expect(result.content).toEqual([
      { type: 'text', text: 'Let me check.' },
      {
        type: 'tool-call',
        toolCallId: 'scripted-call-1-1',
        toolName: 'get_weather',
        input: '{"city":"Paris"}',
      },
      { type: 'tool-call', toolCallId: 'time-1', toolName: 'get_time', input: '{"zone":"CET"}' },
    ]);
    expect(result.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool-calls' });
  });

  it('passes a string input through unchanged, so scripts can send invalid JSON', async () => {
    const model = scriptedModel([{ toolCalls: [{ name: 'add', input: '{"a": 1,' }], finishReason: 'stop' }]);
    const result = await model.doGenerate(call('add'));
    expect(result.content).toEqual([
      { type: 'tool-call', toolCallId: 'scripted-call-1-1', toolName: 'add', input: '{"a": 1,' },
    ]);
    expect(result.finishReason.unified).toBe('stop');
  });
});

describe('scriptedModel: usage', () => {
  it('reports scripted usage in the specification shape', async () => {
    const model = scriptedModel([
      { text: 'x', usage: { input: 120, output: 18, cacheRead: 100, cacheWrite: 5, reasoning: 8 } },
      { text: 'y', usage: { output: 3 } },
    ]);
    expect((await model.doGenerate(call('a'))).usage).toEqual({
      inputTokens: { total: 120, noCache: 15, cacheRead: 100, cacheWrite: 5 },
      outputTokens: { total: 18, text: 10, reasoning: 8 },
    });
    expect((await model.doGenerate(call('b'))).usage).toEqual({
      inputTokens: { total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 3, text: 3, reasoning: 0 },
    });
  });

  it('estimates about four characters per token, at least one, when the script gives none', async () => {
    const model = scriptedModel([{ text: 'abcdefghi' }, { text: '' }]);
    const prompt: ModelPrompt = [
      { role: 'system', content: 'sys' },
      { role: 'user', content: [{ type: 'text', text: 'hello' }] },
      {
        role: 'assistant',
        content: [{ type: 'tool-call', toolCallId: 'c', toolName: 'f', input: { a: 1 } }],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'c', toolName: 'f', output: { type: 'text', value: 'ok' } },
        ],
      },
    ];
    // 3 + 5 + (1 + 7) + (1 + 2) = 19 characters → 5 tokens; 'abcdefghi' is 9 characters → 3 tokens.
    const estimated = await model.doGenerate({ prompt });
    expect(estimated.usage.inputTokens.total).toBe(5);
    expect(estimated.usage.outputTokens.total).toBe(3);
    expect((await model.doGenerate({ prompt: [] })).usage).toMatchObject({
      inputTokens: { total: 1 },
      outputTokens: { total: 1 },
    });
  });
});

describe('scriptedModel: scripted errors', () => {
  it('throws an APICallError with status, lower-cased headers and retryability like a real adapter', async () => {
    const model = scriptedModel([
      { error: { status: 429, message: 'Rate limited', headers: { 'Retry-After': '2' } } },
      { error: { status: 400, message: 'Bad request', type: 'invalid_request_error' } },
      { error: { status: 529, message: 'Overloaded' } },
    ]);
    const rateLimited = await model.doGenerate(call('a')).catch((caught) => caught);
    expect(APICallError.isInstance(rateLimited)).toBe(true);
    expect(rateLimited).toMatchObject({ statusCode: 429, isRetryable: true, message: 'Rate limited' });
    expect(rateLimited.responseHeaders['retry-after']).toBe('2');
    expect(JSON.parse(rateLimited.responseBody)).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'Rate limited' },
    });
    expect(await model.doGenerate(call('b')).catch((caught) => caught)).toMatchObject({
      statusCode: 400,
      isRetryable: false,
    });
    const overloaded = await model.doGenerate(call('c')).catch((caught) => caught);
    expect(overloaded).toMatchObject({
      statusCode: 529,
      isRetryable: true,
      data: { error: { type: 'overloaded_error' } },
    });
    expect(model.calls.map((recorded) => recorded.reply?.error?.status)).toEqual([429, 400, 529]);
  });
});

describe('scriptedModel: records and completeness', () => {
  it('records each call with a copy of the prompt array', async () => {
    const model = scriptedModel([{ text: 'ok' }]);
    const options = call('hi', 'Writer');
    await model.doGenerate(options);
    options.prompt.push({ role: 'user', content: [{ type: 'text', text: 'later' }] });
    expect(model.calls).toHaveLength(1);
    expect(model.calls[0]).toMatchObject({ agent: 'Writer', turn: 1, reply: { text: 'ok' }, entryIndex: 0 });
    expect(model.calls[0]?.options.prompt).toHaveLength(1);
    expect(model.calls[0]?.options.providerOptions).toEqual({ vega: { agent: 'Writer' } });
  });

  it('records nothing with record: false', async () => {
    const model = scriptedModel([{ text: 'ok' }], { record: false });
    await model.doGenerate(call('hi'));
    expect(model.calls).toEqual([]);
  });

  it('assertComplete lists unused entries; entries used at least once count as used', async () => {
    const model = scriptedModel({
      replies: [
        { text: 'used', times: 2 },
        { agent: 'Writer', turn: 2, text: 'never' },
        { match: '/nope/', toolCalls: [{ name: 'search', input: {} }] },
        { text: 'always', times: 'always' },
      ],
    });
    await model.doGenerate(call('a'));
    const error = (() => {
      try {
        model.assertComplete();
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ScriptIncomplete);
    expect((error as ScriptIncomplete).unused.map((unused) => unused.index)).toEqual([1, 2, 3]);
    expect((error as Error).message).toContain('has 3 unused entries');
    expect((error as Error).message).toContain('replies[1] (agent Writer, turn 2, text "never")');
    expect((error as Error).message).toContain('replies[2] (match /nope/, tool calls search)');

    for (const text of ['b', 'c', 'nope', 'd']) await model.doGenerate(call(text, 'Writer'));
    expect(model.calls.map((recorded) => recorded.entryIndex)).toEqual([0, 0, 1, 2, 3]);
    expect(() => model.assertComplete()).not.toThrow();
  });
});

describe('scriptedModel: bad scripts and aborts', () => {
  it('rejects a bad script when the model is created, naming each entry', () => {
    expect(() =>
      scriptedModel({
        replies: [{ match: '(unclosed' }, { turn: 0 }, { times: 0 }, { text: 'ab', chunks: ['a', 'c'] }],
      }),
    ).toThrow(
      /replies\[0\]\.match: not a valid regular expression.*\n.*replies\[1\]\.turn.*\n.*replies\[2\]\.times.*\n.*replies\[3\]\.chunks: chunks join to "ac" but text is "ab"/,
    );
  });

  it('rejects with the abort reason when the signal is already aborted, without using an entry', async () => {
    const model = scriptedModel([{ text: 'ok' }]);
    const controller = new AbortController();
    controller.abort();
    const error = await model
      .doGenerate({ ...call('hi'), abortSignal: controller.signal })
      .catch((caught) => caught);
    expect(error.name).toBe('AbortError');
    expect(model.calls).toEqual([]);
    expect(textOf(await model.doGenerate(call('hi')))).toBe('ok');
  });

  it('wraps a non-error abort reason in an AbortError', async () => {
    const controller = new AbortController();
    controller.abort('user left');
    const error = await scriptedModel([{ text: 'ok' }])
      .doGenerate({ ...call('hi'), abortSignal: controller.signal })
      .catch((caught) => caught);
    expect(error).toMatchObject({ name: 'AbortError', cause: 'user left' });
  });
});
