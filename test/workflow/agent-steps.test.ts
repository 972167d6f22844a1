import { describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/create-runtime.ts';
import { InvalidJsonReply } from '../../src/errors/invalid-json-reply.ts';
import { type ScriptedModel, scriptedModel } from '../../src/model/scripted/index.ts';
import type { Model, ModelMessage } from '../../src/spec/model.ts';
import { manualClock } from '../../src/testing/manual-clock.ts';
import { parseWorkflow } from '../../src/workflow/load/parse-workflow.ts';
import { createAgentInvoker, createWorkflowAgents } from '../../src/workflow/run/create-agent-invoker.ts';
import { runWorkflow } from '../../src/workflow/run/run-workflow.ts';

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

/** A model that never answers: it waits until its call is aborted. */
const silent = {
  specificationVersion: 'v4',
  provider: 'test',
  modelId: 'silent',
  supportedUrls: {},
  doGenerate: (options: { abortSignal?: AbortSignal }) =>
    new Promise((_, reject) =>
      options.abortSignal?.addEventListener('abort', () => reject(options.abortSignal?.reason)),
    ),
  doStream: (options: { abortSignal?: AbortSignal }) =>
    new Promise((_, reject) =>
      options.abortSignal?.addEventListener('abort', () => reject(options.abortSignal?.reason)),
    ),
} as unknown as Model;

function setup(text: string, model: ScriptedModel, clock = manualClock()) {
  const runtime = createRuntime({ env: {} });
  const environment = {
    ...runtime.environment,
    clock,
    resolveModel: (name: string) => (name === 'silent' ? silent : model),
  };
  const document = parseWorkflow(text, 'team.vega.yaml', { env: {}, directory: '/project' });
  const records: Record<string, unknown>[] = [];
  const run = (inputs: Record<string, unknown> = {}) =>
    runWorkflow(document, {
      inputs,
      invokeAgent: createAgentInvoker(document, { environment }),
      onStepEnd: (record) => records.push(record as unknown as Record<string, unknown>),
    });
  return { run, records, clock };
}

const roles = (prompt: readonly ModelMessage[]) => prompt.map((message) => message.role);
const lastUser = (prompt: readonly ModelMessage[]) => {
  const message = prompt.at(-1);
  return message?.role === 'user' && message.content[0]?.type === 'text' ? message.content[0].text : '';
};

describe('format: json', () => {
  const text = lines(
    'agents:',
    '  Critic: { model: scripted:team, system: You rate. }',
    'workflows:',
    '  main:',
    '    steps:',
    '      - Critic rates the draft:',
    '          send: Rate it',
    '          format: json',
    '          schema: { type: object, properties: { score: { type: integer } }, required: [score] }',
    '          save: rating',
    '    output: "{{rating.score}}"',
  );

  it('parses the reply, re-asks with what was wrong in the same conversation, and saves the typed value', async () => {
    const model = scriptedModel({
      replies: [
        { agent: 'Critic', text: 'Sure! It is great.' },
        { agent: 'Critic', text: '```json\n{"score": "nine"}\n```' },
        { agent: 'Critic', text: '```json\n{"score": 9, "notes": "tight"}\n```' },
      ],
    });
    const { run, records } = setup(text, model);
    const result = await run();
    expect(result.output).toBe(9);
    expect(result.variables.rating).toEqual({ score: 9, notes: 'tight' });
    model.assertComplete();
    expect(lastUser(model.calls[1]!.options.prompt)).toContain('the reply is not valid JSON');
    expect(lastUser(model.calls[2]!.options.prompt)).toContain('score: expected an integer, got "nine"');
    // The re-asks continue the step's conversation: the agent sees its bad replies.
    expect(roles(model.calls[2]!.options.prompt)).toEqual([
      'system',
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
    ]);
    expect(records[0]).toMatchObject({
      kind: 'agent',
      reasks: 2,
      text: '```json\n{"score": 9, "notes": "tight"}\n```',
    });
  });

  it('fails with schema_mismatch naming the step after two re-asks', async () => {
    const model = scriptedModel({ replies: [{ agent: 'Critic', text: '{"grade": 1}', times: 3 }] });
    const { run } = setup(text, model);
    const error = await run().catch((caught: unknown) => caught);
    const cause = findCause(error, InvalidJsonReply.isInvalidJsonReply);
    expect(cause).toMatchObject({
      code: 'schema_mismatch',
      step: '#1 Critic rates the draft',
      attempts: 3,
      problems: ["missing required property 'score'"],
    });
    model.assertComplete();
  });

  it('fails with invalid_json when no reply is JSON', async () => {
    const model = scriptedModel({ replies: [{ agent: 'Critic', text: 'no', times: 3 }] });
    const { run } = setup(text, model);
    const cause = findCause(
      await run().catch((caught: unknown) => caught),
      InvalidJsonReply.isInvalidJsonReply,
    );
    expect(cause).toMatchObject({ code: 'invalid_json', attempts: 3 });
  });
});

describe('conversations: fresh and memory', () => {
  it('`fresh: true` starts from an empty conversation, which later steps continue', async () => {
    const model = scriptedModel({ replies: [{ agent: 'Writer', text: 'ok', times: 3 }] });
    const { run } = setup(
      lines(
        'agents:',
        '  Writer: { model: scripted:team, system: You write. }',
        'workflows:',
        '  main:',
        '    steps:',
        '      - Writer: one',
        '      - Writer: two',
        '        fresh: true',
        '      - Writer: three',
      ),
      model,
    );
    await run();
    expect(model.calls.map((call) => roles(call.options.prompt))).toEqual([
      ['system', 'user'],
      ['system', 'user'],
      ['system', 'user', 'assistant', 'user'],
    ]);
    expect(lastUser(model.calls[2]!.options.prompt.slice(0, 2))).toBe('two');
  });

  it('`memory.history: none` makes every step fresh', async () => {
    const model = scriptedModel({ replies: [{ agent: 'Writer', text: 'ok', times: 2 }] });
    const { run } = setup(
      lines(
        'agents:',
        '  Writer: { model: scripted:team, system: You write., memory: { history: none } }',
        'workflows:',
        '  main:',
        '    steps:',
        '      - Writer: one',
        '      - Writer: two',
      ),
      model,
    );
    await run();
    expect(model.calls.map((call) => roles(call.options.prompt))).toEqual([
      ['system', 'user'],
      ['system', 'user'],
    ]);
  });

  it('`max_history_tokens` drops the oldest turns to fit', async () => {
    const model = scriptedModel({ replies: [{ agent: 'Writer', text: 'x'.repeat(40), times: 3 }] });
    const { run } = setup(
      lines(
        'agents:',
        '  Writer: { model: scripted:team, system: Hi., memory: { max_history_tokens: 30 } }',
        'workflows:',
        '  main:',
        '    steps:',
        `      - Writer: ${'a'.repeat(40)}`,
        `      - Writer: ${'b'.repeat(40)}`,
        '      - Writer: c',
      ),
      model,
    );
    await run();
    // Each turn is ~20 tokens: only the latest fits in 30, so the third call sees the second turn only.
    const third = model.calls[2]!.options.prompt;
    expect(roles(third)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(lastUser(third.slice(0, 2))).toBe('b'.repeat(40));
  });

  it('`strategy: summarize` replaces dropped turns with a summary from the agent model', async () => {
    const model = scriptedModel({
      replies: [
        { agent: 'Writer', match: 'Summarise this conversation', text: 'They discussed apples.' },
        { agent: 'Writer', text: 'x'.repeat(40), times: 3 },
      ],
    });
    const { run } = setup(
      lines(
        'agents:',
        '  Writer:',
        '    model: scripted:team',
        '    system: Hi.',
        '    memory: { max_history_tokens: 30, strategy: summarize }',
        'workflows:',
        '  main:',
        '    steps:',
        `      - Writer: ${'a'.repeat(40)}`,
        `      - Writer: ${'b'.repeat(40)}`,
        '      - Writer: c',
      ),
      model,
    );
    await run();
    model.assertComplete();
    const summaryCall = model.calls[2]!.options.prompt;
    expect(lastUser(summaryCall)).toContain(`user: ${'a'.repeat(40)}`);
    const third = model.calls[3]!.options.prompt;
    expect(third[0]).toEqual({
      role: 'system',
      content: 'Hi.\n\nSummary of the earlier conversation:\nThey discussed apples.',
    });
    expect(roles(third)).toEqual(['system', 'user', 'assistant', 'user']);
  });
});

describe('timeout with on_timeout', () => {
  it('runs the block when the timeout fires; its last value is the step value and is saved', async () => {
    const model = scriptedModel({ replies: [{ agent: 'Fast', text: 'quick answer' }] });
    const { run, records, clock } = setup(
      lines(
        'agents:',
        '  Slow: { model: silent, system: You think. }',
        '  Fast: { model: scripted:team, system: You hurry. }',
        'workflows:',
        '  main:',
        '    steps:',
        '      - Slow: Think hard',
        '        timeout: 5m',
        '        on_timeout:',
        '          - Fast: Do the quick alternative',
        '        save: answer',
        '    output: "got {{answer}}"',
      ),
      model,
    );
    const result = run();
    // Let the run reach the slow model call, then move time past the step's timeout.
    for (let turn = 0; turn < 1000 && clock.pendingTimers() === 0; turn++) await Promise.resolve();
    await clock.tick(5 * 60_000);
    expect((await result).output).toBe('got quick answer');
    expect(records.map((record) => [record.key ?? record.index, record.kind, record.timedOut])).toEqual([
      ['step-0/on_timeout/0', 'agent', undefined],
      [0, 'agent', true],
    ]);
  });

  it('without on_timeout the timeout fails the step', async () => {
    const model = scriptedModel({ replies: [] });
    const { run, clock } = setup(
      lines(
        'agents:',
        '  Slow: { model: silent, system: You think. }',
        'workflows:',
        '  main:',
        '    steps:',
        '      - Slow: Think hard',
        '        timeout: 1s',
      ),
      model,
    );
    const result = run().catch((caught: unknown) => caught);
    for (let turn = 0; turn < 1000 && clock.pendingTimers() === 0; turn++) await Promise.resolve();
    await clock.tick(1000);
    expect(
      findCause(await result, (error) => (error as { code?: string }).code === 'agent_timeout'),
    ).toBeDefined();
  });
});

function findCause<T>(error: unknown, test: (value: unknown) => value is T): T | undefined;
function findCause(error: unknown, test: (value: unknown) => boolean): unknown;
function findCause(error: unknown, test: (value: unknown) => boolean): unknown {
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current !== undefined && current !== null; depth++) {
    if (test(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

describe('model aliases', () => {
  it('resolve in agents, fallback_models, default_model and the --model override', async () => {
    const text = lines(
      'settings:',
      '  default_model: quick',
      '  models: { quick: scripted:a, backup: scripted:b, smart: scripted:c }',
      'agents:',
      '  Writer: { system: You write., fallback_models: [backup] }',
      '  Editor: { model: smart, system: You edit. }',
      'workflows:',
      '  main:',
      '    steps:',
      '      - Writer: hi',
      '      - Editor: hi',
    );
    const document = parseWorkflow(text, 'team.vega.yaml', { env: {}, directory: '/project' });
    expect(document.settings.modelAliases).toEqual({
      quick: 'scripted:a',
      backup: 'scripted:b',
      smart: 'scripted:c',
    });
    const resolved: string[] = [];
    const runtime = createRuntime({ env: {} });
    const environment = {
      ...runtime.environment,
      resolveModel: (name: string) => {
        resolved.push(name);
        return scriptedModel({ replies: [{ text: 'ok', times: 'always' }] }, { modelId: name });
      },
    };
    const result = await runWorkflow(document, {
      inputs: {},
      invokeAgent: createAgentInvoker(document, { environment }),
    });
    expect(result.output).toBe('ok');
    expect(new Set(resolved)).toEqual(new Set(['scripted:a', 'scripted:c']));
    // Fallback models are resolved when a call falls back; the agent holds the names they stand for.
    const agents = createWorkflowAgents(document, { environment });
    expect(agents.get('Writer')?.config.policies?.fallbackModels).toEqual(['scripted:b']);
    resolved.length = 0;
    createAgentInvoker(document, { environment, modelOverride: 'smart' });
    expect(resolved).toEqual(['scripted:c']);
  });

  it('reports a price without input or output, and unknown price keys', () => {
    const text = lines(
      'settings:',
      '  models:',
      '    prices:',
      '      my-model: { input: 1.0 }',
      '      other: { input: 1, output: 2, cache_reed: 0.1 }',
      'agents:',
      '  Writer: { model: scripted:echo, system: You write. }',
      'workflows:',
      '  main:',
      '    steps:',
      '      - Writer: hi',
    );
    let diagnostics: readonly { code: string; line: number; hint?: string }[] = [];
    try {
      parseWorkflow(text, 'team.vega.yaml', { env: {}, directory: '/project' });
    } catch (error) {
      diagnostics = (error as { diagnostics: typeof diagnostics }).diagnostics;
    }
    expect(diagnostics.map(({ code, line, hint }) => [code, line, hint])).toEqual([
      ['missing_key', 4, expect.stringContaining('dollars per million tokens')],
      ['unknown_key', 5, "did you mean 'cache_read'?"],
    ]);
  });
});
