// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are the DSL's own ${VAR} syntax.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SUPERVISION } from '../../runtime/supervisor/supervision-types.ts';
import type { AgentStep, SetStep } from '../document/step.ts';
import { parseWorkflow } from './parse-workflow.ts';

const team = `name: Team
settings:
  default_model: \${MODEL:-claude-sonnet-4-5}
  sandbox: ./workspace
agents:
  Coder:
    name: Senior Developer
    model: openai:\${OPENAI_MODEL}
    system: |
      You write clean, tested code.
    temperature: 0.3
    max_tokens: 4096
    tools: [read_file, write_file]
  Reviewer:
    system_file: prompts/reviewer.md
workflows:
  code-review:
    description: Write and review code
    inputs:
      task: { type: string, description: What to build }
      tone: { type: string, default: professional, enum: [professional, casual] }
      words: { type: number, default: 1000, min: 100, max: 5000 }
    steps:
      - Coder: "Just do {{task}} in a {{tone}} tone"
        save: code
        id: draft
      - Reviewer checks the code:
          send: "Review {{code}} ({{ words }} words)"
          save: review
      - set: { attempts: 0, summary: "{{review}}", pair: ["{{code}}", 1] }
    output:
      code: "{{steps.draft.output}}"
      review: "{{summary}} after {{attempts}}"
      pair: "{{pair}}"
`;

const parse = (text: string, env: Record<string, string> = { OPENAI_MODEL: 'gpt-5' }) =>
  parseWorkflow(text, 'team.vega.yaml', {
    env,
    directory: '/project',
    readTextFile: (path) => {
      if (path === '/project/prompts/reviewer.md') return 'You review code.';
      throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    },
  });

describe('parseWorkflow', () => {
  it('reads agents, settings and `${VAR}` with and without defaults', () => {
    const document = parse(team);
    expect(document.name).toBe('Team');
    expect(document.settings).toMatchObject({
      defaultModel: 'claude-sonnet-4-5',
      sandbox: '/project/workspace',
    });
    expect(document.agents.get('Coder')).toMatchObject({
      id: 'Coder',
      name: 'Senior Developer',
      model: 'openai:gpt-5',
      system: 'You write clean, tested code.\n',
      temperature: 0.3,
      maxTokens: 4096,
      tools: ['read_file', 'write_file'],
      span: { line: 6, column: 3, length: 5 },
    });
    expect(document.agents.get('Reviewer')).toMatchObject({
      name: 'Reviewer',
      system: 'You review code.',
      systemFile: '/project/prompts/reviewer.md',
    });
    expect(document.agents.get('Coder')?.fieldSpans.model).toMatchObject({ line: 8, column: 12 });
    expect(document.warnings).toEqual([]);
  });

  it('reads inputs in map form with defaults and constraints', () => {
    const workflow = parse(team).workflows.get('code-review');
    expect(workflow?.inputs).toMatchObject([
      { name: 'task', type: 'string', required: true, description: 'What to build' },
      {
        name: 'tone',
        type: 'string',
        required: false,
        default: 'professional',
        enum: ['professional', 'casual'],
      },
      { name: 'words', type: 'number', required: false, default: 1000, min: 100, max: 5000 },
    ]);
  });

  it('reads both forms of agent step with their sibling keys, and `set`', () => {
    const [first, second, third] = parse(team).workflows.get('code-review')?.steps ?? [];
    expect(first).toMatchObject({
      kind: 'agent',
      index: 0,
      agent: 'Coder',
      save: { value: 'code' },
      id: { value: 'draft' },
    });
    expect((first as AgentStep).description).toBeUndefined();
    expect((first as AgentStep).message.segments).toMatchObject([
      { kind: 'text', text: 'Just do ' },
      { kind: 'expression', expression: { source: 'task' }, span: { line: 24, column: 25, length: 8 } },
      { kind: 'text', text: ' in a ' },
      { kind: 'expression', span: { line: 24, column: 39 } },
      { kind: 'text', text: ' tone' },
    ]);
    expect(second).toMatchObject({
      kind: 'agent',
      agent: 'Reviewer',
      description: 'checks the code',
      save: { value: 'review' },
    });
    expect((second as AgentStep).agentSpan).toMatchObject({ line: 27, column: 9, length: 8 });
    expect((third as SetStep).assignments.map((assignment) => assignment.name.value)).toEqual([
      'attempts',
      'summary',
      'pair',
    ]);
  });

  it('accepts `send` beside an agent key that has no value', () => {
    const text = `agents:\n  A: { system: s }\nworkflows:\n  w:\n    steps:\n      - A:\n        send: hi\n        save: x\n    output: "{{x}}"\n`;
    expect(parse(text).workflows.get('w')?.steps[0]).toMatchObject({
      agent: 'A',
      message: { source: 'hi' },
      save: { value: 'x' },
    });
  });

  it('accepts the list shorthand for inputs and the single input as `input`', () => {
    const text = `agents:\n  A: { system: s }\nworkflows:\n  w:\n    inputs: [topic]\n    steps:\n      - A: "{{input}} / {{topic}}"\n`;
    expect(parse(text).workflows.get('w')?.inputs).toMatchObject([
      { name: 'topic', type: 'string', required: true },
    ]);
  });

  it('substitutes variables only in text, never evaluating their values as templates', () => {
    const text = `agents:\n  A: { system: s }\nworkflows:\n  w:\n    inputs: [topic]\n    steps:\n      - A: "\${PREFIX} {{topic}} $\${LITERAL}"\n`;
    const step = parse(text, { PREFIX: '{{secret}}' }).workflows.get('w')?.steps[0] as AgentStep;
    expect(step.message.segments).toMatchObject([
      { kind: 'text', text: '{{secret}} ' },
      { kind: 'expression' },
      { kind: 'text', text: ' ${LITERAL}' },
    ]);
  });

  it('accepts a file with agents only, for the REPL, without warnings', () => {
    expect(parse('agents:\n  A: { system: s }\n').warnings).toEqual([]);
  });

  it('warns about an agent never used and a variable saved but never read', () => {
    const text = `agents:\n  A: { system: s }\n  B: { system: s }\nworkflows:\n  w:\n    steps:\n      - A: one\n        save: first\n      - A: two\n        save: last\n`;
    expect(parse(text).warnings).toMatchObject([
      {
        severity: 'warning',
        code: 'unused_agent',
        message: "agent 'B' is not used by any workflow",
        line: 3,
        column: 3,
      },
      {
        severity: 'warning',
        code: 'unused_variable',
        message: "variable 'first' is saved but never read in workflow 'w'",
        line: 8,
        column: 15,
      },
    ]);
  });
});

describe('parseWorkflow: supervision', () => {
  it('reads the seed vocabulary with durations, as the spec writes it', () => {
    const text = `agents:
  Coder:
    system: s
    supervision: { strategy: restart_all, max_restarts: 3, window: 10m,
                   backoff: { type: exponential, initial: 1s, max: 30s, jitter: 0.2 } }
`;
    const coder = parse(text).agents.get('Coder');
    expect(coder?.supervision).toEqual({
      strategy: 'one_for_all',
      restart: 'permanent',
      escalate: false,
      intensity: { maxRestarts: 3, windowMs: 600_000 },
      backoff: { type: 'exponential', initialMs: 1_000, maxMs: 30_000, jitter: 0.2, multiplier: 2 },
    });
    expect(coder?.fieldSpans.supervision).toMatchObject({ line: 4, column: 18 });
  });

  it('reads the OTP vocabulary, every duration form and reset_after', () => {
    const text = `agents:
  Coder:
    system: s
    supervision:
      strategy: rest_for_one
      restart: transient
      max_restarts: 0
      window: 1.5
      backoff: { type: linear, initial: 500ms, max: 2h, reset_after: 1.5s }
`;
    expect(parse(text).agents.get('Coder')?.supervision).toEqual({
      strategy: 'rest_for_one',
      restart: 'transient',
      escalate: false,
      intensity: { maxRestarts: 0, windowMs: 1_500 },
      backoff: {
        type: 'linear',
        initialMs: 500,
        maxMs: 7_200_000,
        jitter: 0,
        multiplier: 2,
        resetAfterMs: 1_500,
      },
    });
  });

  it("gives agents the settings' block, and lets each agent override it field by field", () => {
    // Agents come before settings in this file: settings apply wherever they are written.
    const text = `agents:
  Coder:
    system: s
    supervision: { strategy: stop, backoff: { max: 10s } }
  Reviewer:
    system: s
  Tester:
    system: s
    supervision: { strategy: escalate, window: 30s }
settings:
  supervision:
    strategy: restart_all
    max_restarts: 5
    backoff: { type: constant, initial: 2s }
`;
    const document = parse(text);
    const fromSettings = {
      strategy: 'one_for_all',
      restart: 'permanent',
      escalate: false,
      intensity: { maxRestarts: 5, windowMs: 5_000 },
      backoff: { type: 'constant', initialMs: 2_000, maxMs: 30_000, jitter: 0, multiplier: 2 },
    };
    expect(document.settings.supervision).toEqual(fromSettings);
    expect(document.agents.get('Reviewer')?.supervision).toEqual(fromSettings);
    expect(document.agents.get('Coder')?.supervision).toEqual({
      ...fromSettings,
      restart: 'temporary',
      backoff: { ...fromSettings.backoff, maxMs: 10_000 },
    });
    expect(document.agents.get('Tester')?.supervision).toEqual({
      ...fromSettings,
      escalate: true,
      intensity: { maxRestarts: 5, windowMs: 30_000 },
    });
  });

  it('gives the defaults without any supervision block', () => {
    const document = parse('agents:\n  A: { system: s }\n');
    expect(document.settings.supervision).toBeUndefined();
    expect(document.agents.get('A')?.supervision).toEqual(DEFAULT_SUPERVISION);
  });
});

describe('parseWorkflow: traffic control and cost', () => {
  const text = `settings:
  budget: $10.00
  retry: { max_attempts: 5, backoff: linear, initial: 2s }
  circuit_breaker: { threshold: 3 }
  rate_limit: { claude-sonnet-4-5: { requests_per_minute: 50 } }
agents:
  Coder:
    system: s
    budget: $0.50
    retry: { backoff: fibonacci, max: 1m }
    rate_limit: { requests_per_minute: 60, tokens_per_minute: 90000 }
    circuit_breaker: { threshold: 5, reset_after: 30s, half_open_max: 1 }
    fallback_models: [claude-haiku-4-5]
  Reviewer:
    system: s
workflows:
  main:
    steps:
      - Coder: "Write it"
        budget: $0.25
        timeout: 5m
        retry: 2
        fallback_models: []
      - Reviewer checks it:
          send: "Check it"
          rate_limit: { tokens_per_minute: 1000 }
          circuit_breaker: { reset_after: 1s }
      - Reviewer: "Again"
`;

  it("merges each agent's blocks over the settings' blocks", () => {
    const document = parse(text);
    const coder = document.agents.get('Coder');
    expect(coder?.budgetUsd).toBe(0.5);
    expect(coder?.policies).toEqual({
      retry: { maxAttempts: 5, backoff: 'fibonacci', initialMs: 2_000, maxMs: 60_000, jitter: 0.2 },
      rateLimit: { requestsPerMinute: 60, tokensPerMinute: 90_000 },
      circuitBreaker: { threshold: 5, resetAfterMs: 30_000, halfOpenMax: 1 },
      fallbackModels: ['claude-haiku-4-5'],
    });
    expect(coder?.fieldSpans).toMatchObject({
      budget: { line: 9, column: 13 },
      retry: { line: 10, column: 12 },
      rate_limit: { line: 11, column: 17 },
      circuit_breaker: { line: 12, column: 22 },
      fallback_models: { line: 13, column: 22 },
    });
    const reviewer = document.agents.get('Reviewer');
    expect(reviewer?.budgetUsd).toBeUndefined();
    expect(reviewer?.policies).toEqual({
      retry: document.settings.retry,
      circuitBreaker: { threshold: 3, resetAfterMs: 30_000, halfOpenMax: 1 },
    });
    expect(document.settings).toMatchObject({
      budgetUsd: 10,
      rateLimit: { perModel: { 'claude-sonnet-4-5': { requestsPerMinute: 50 } } },
    });
  });

  it("gives agent steps only what they write, retry and circuit_breaker over their agent's", () => {
    const [write, check, again] = (parse(text).workflows.get('main')?.steps ?? []) as AgentStep[];
    expect(write?.budgetUsd).toEqual({
      value: 0.25,
      span: expect.objectContaining({ line: 20, column: 17 }),
    });
    expect(write?.timeoutMs).toEqual({
      value: 300_000,
      span: expect.objectContaining({ line: 21, column: 18 }),
    });
    expect(write?.policies).toEqual({
      retry: { maxAttempts: 2, backoff: 'fibonacci', initialMs: 2_000, maxMs: 60_000, jitter: 0.2 },
      fallbackModels: [],
    });
    expect(check?.policies).toEqual({
      rateLimit: { tokensPerMinute: 1_000 },
      circuitBreaker: { threshold: 3, resetAfterMs: 1_000, halfOpenMax: 1 },
    });
    expect(again).not.toHaveProperty('policies');
    expect(again).not.toHaveProperty('budgetUsd');
    expect(again).not.toHaveProperty('timeoutMs');
  });

  it('gives agents no policies when neither they nor the settings write any', () => {
    expect(parse('agents:\n  A: { system: s }\n').agents.get('A')?.policies).toEqual({});
  });
});
