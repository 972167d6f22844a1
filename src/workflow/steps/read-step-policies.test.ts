import { describe, expect, it } from 'vitest';
import { parseTeam as parse, problems } from '../../../test/support/workflow-problems.ts';
import { DEFAULT_RETRY } from '../../policy/policy-options.ts';
import type { AgentStep } from '../document/step.ts';

const withStep = (...lines: string[]): string =>
  `agents:\n  Coder: { system: s }\nworkflows:\n  w:\n    steps:\n${lines.map((line) => `      ${line}\n`).join('')}`;

describe('agent step modifiers: budget, timeout, retry, rate_limit, circuit_breaker, fallback_models', () => {
  it('reads them inside the map form too, retry over the defaults when the agent has none', () => {
    const text = withStep(
      '- Coder writes:',
      '    send: hi',
      '    budget: "$1"',
      '    timeout: 1.5s',
      '    retry: { max_attempts: 2, backoff: constant }',
      '    fallback_models: [claude-haiku-4-5, "openai:gpt-4o-mini"]',
    );
    const [step] = (parse(text).workflows.get('w')?.steps ?? []) as AgentStep[];
    expect(step?.budgetUsd?.value).toBe(1);
    expect(step?.timeoutMs?.value).toBe(1_500);
    expect(step?.policies).toEqual({
      retry: { ...DEFAULT_RETRY, maxAttempts: 2, backoff: 'constant' },
      fallbackModels: ['claude-haiku-4-5', 'openai:gpt-4o-mini'],
    });
  });

  it('refuses each bad value where it is', () => {
    const text = withStep(
      '- Coder: hi',
      '  budget: €5',
      '  timeout: 0s',
      '  retry: -2',
      '  rate_limit: { requests_per_minute: 60, max_wait: later }',
      '  circuit_breaker: { thresold: 2 }',
      '  fallback_models: claude-haiku-4-5',
    );
    expect(problems(text)).toEqual([
      `7:17 invalid_money \`budget\` must be an amount of money like "$0.50" or a number of dollars, got text ('€5') — amounts are in US dollars: write $0.25, "$1", $10.00 or 1.5`,
      '8:18 invalid_value `timeout` must be longer than 0 — give the step time to run, like 30s or 5m; without `timeout` it has no limit',
      '9:16 invalid_value `retry` must be at least 1, got -2',
      "10:58 invalid_duration `rate_limit.max_wait` must be a duration, got text ('later') — write it like 500ms, 1s, 1.5s, 10m, 2h, or a number of seconds",
      "11:28 unknown_key unknown key 'thresold' in `circuit_breaker` — did you mean 'threshold'?",
      "12:26 invalid_type `fallback_models` must be a list, got text ('claude-haiku-4-5') — write it as [a, b]",
    ]);
  });

  it('refuses a bad duration, an empty model name and a modifier given twice', () => {
    const text = withStep(
      '- Coder writes:',
      '    send: hi',
      '    timeout: soon',
      '    fallback_models: [""]',
      '  timeout: 5m',
    );
    expect(problems(text)).toEqual([
      "8:20 invalid_duration `timeout` must be a duration, got text ('soon') — write it like 500ms, 1s, 1.5s, 10m, 2h, or a number of seconds",
      '9:29 invalid_value each of `fallback_models` must be a model name, got empty text — remove it, or name a model like claude-haiku-4-5',
      '10:9 conflicting_keys `timeout` is given twice in this step — keep one of them',
    ]);
  });

  it('wants a timeout beside on_timeout, and refuses agent-step modifiers on a set step', () => {
    expect(problems(withStep('- Coder: hi', '  on_timeout: []', '- set: { a: 1 }', '  budget: $1'))).toEqual([
      '7:9 missing_key `on_timeout` needs a `timeout` on the same step — add `timeout: 5m` (or another duration) beside it',
      '7:21 missing_key `on_timeout` has no steps — add at least one step, like `- Coder: "…"`',
      '9:9 unknown_key `budget` does not belong in a `set` step — it applies to agent steps',
    ]);
  });
});
