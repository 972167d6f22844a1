import { describe, expect, it } from 'vitest';
import { parseTeam as parse, problems } from '../../../test/support/workflow-problems.ts';
import { DEFAULT_CIRCUIT_BREAKER, DEFAULT_RETRY } from '../../policy/policy-options.ts';

const agentWith = (...lines: string[]): string =>
  `agents:\n  Coder:\n    system: s\n${lines.map((line) => `    ${line}\n`).join('')}`;

describe('resolveAgentPolicies', () => {
  it("fills an agent's retry: N from settings.retry, and its breaker from the defaults", () => {
    const text = `settings:\n  retry: { backoff: constant, initial: 100ms }\n${agentWith('retry: 7', 'circuit_breaker: { reset_after: 1m }')}`;
    expect(parse(text).agents.get('Coder')?.policies).toEqual({
      retry: { ...DEFAULT_RETRY, backoff: 'constant', initialMs: 100, maxAttempts: 7 },
      circuitBreaker: { ...DEFAULT_CIRCUIT_BREAKER, resetAfterMs: 60_000 },
    });
  });

  it('keeps rate_limit and fallback_models as the agent writes them', () => {
    const text = agentWith(
      'rate_limit: { tokens_per_minute: 1500.5, max_wait: 0 }',
      'fallback_models: [a, b]',
    );
    expect(parse(text).agents.get('Coder')?.policies).toEqual({
      rateLimit: { tokensPerMinute: 1500.5, maxWaitMs: 0 },
      fallbackModels: ['a', 'b'],
    });
  });

  it('refuses bad rate_limit, circuit_breaker and fallback_models values where they are', () => {
    const text = agentWith(
      'rate_limit: {}',
      'circuit_breaker: [5]',
      'fallback_models: [claude-haiku-4-5, { model: x }]',
      'budget: $1,50',
    );
    expect(problems(text)).toEqual([
      "4:5 missing_key `rate_limit` of agent 'Coder' sets no limit — give requests_per_minute, tokens_per_minute or both, like { requests_per_minute: 60 }",
      "5:22 invalid_type `circuit_breaker` of agent 'Coder' must be a map of `key: value`, got a list",
      "6:41 invalid_type each of `fallback_models` of agent 'Coder' must be text, got a map",
      `7:13 invalid_money \`budget\` of agent 'Coder' must be an amount of money like "$0.50" or a number of dollars, got text ('$1,50') — amounts are in US dollars: write $0.25, "$1", $10.00 or 1.5`,
    ]);
    expect(problems(agentWith('rate_limit: { requests_per_minute: -1, tokens_per_minute: x }'))).toEqual([
      "4:40 invalid_value `rate_limit.requests_per_minute` of agent 'Coder' must be greater than 0, got -1",
      "4:63 invalid_type `rate_limit.tokens_per_minute` of agent 'Coder' must be a number, got text ('x')",
    ]);
  });
});
