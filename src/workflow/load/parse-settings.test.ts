import { describe, expect, it } from 'vitest';
import { parseTeam as parse, problems } from '../../../test/support/workflow-problems.ts';
import { DEFAULT_CIRCUIT_BREAKER, DEFAULT_RETRY } from '../../policy/policy-options.ts';

const withSettings = (...lines: string[]): string =>
  `settings:\n${lines.map((line) => `  ${line}\n`).join('')}agents:\n  A: { system: s }\n`;

describe('parseSettings: cost keys', () => {
  it('reads the budgets, alerts, webhook and on_exceed', () => {
    const settings = parse(
      withSettings(
        'budget: $10.00',
        'daily_budget: 50',
        'budget_alerts: [0.9, 0.5, 1.0, 0.75, 0.5, 1.5]',
        'budget_webhook: https://hooks.example.com/budget?team=a',
        'on_exceed: warn',
      ),
    ).settings;
    expect(settings).toMatchObject({
      budgetUsd: 10,
      dailyBudgetUsd: 50,
      budgetAlerts: [0.5, 0.75, 0.9, 1, 1.5],
      budgetWebhook: 'https://hooks.example.com/budget?team=a',
      onExceed: 'warn',
    });
    expect(settings.fieldSpans.budget).toMatchObject({ line: 2, column: 11 });
  });

  it('refuses bad amounts, alerts out of range, a URL that is not http(s) and an unknown on_exceed', () => {
    const text = withSettings(
      'budget: $-3',
      'daily_budget: 50 dollars',
      'budget_alerts: [0, 0.5, 75, high]',
      'budget_webhook: ftp://example.com/hook',
      'on_exceed: wran',
    );
    expect(problems(text)).toEqual([
      "2:11 invalid_value `settings.budget` cannot be negative, got '$-3'",
      `3:17 invalid_money \`settings.daily_budget\` must be an amount of money like "$0.50" or a number of dollars, got text ('50 dollars') — amounts are in US dollars: write $0.25, "$1", $10.00 or 1.5`,
      '4:19 invalid_value each of `settings.budget_alerts` must be greater than 0, got 0',
      '4:27 invalid_value each of `settings.budget_alerts` must be at most 10, got 75 — alerts are fractions of the budget: write 0.75 for 75%',
      "4:31 invalid_type each of `settings.budget_alerts` must be a number, got text ('high')",
      "5:19 invalid_value `settings.budget_webhook` must be an http or https URL, got 'ftp://example.com/hook' — write it like https://hooks.example.com/budget",
      "6:14 invalid_value `settings.on_exceed` must be one of block, warn, pause, got 'wran' — did you mean 'warn'?",
    ]);
    expect(problems(withSettings('budget_alerts: 0.5', 'budget_webhook: not a url'))).toEqual([
      '2:18 invalid_type `settings.budget_alerts` must be a list of fractions of the budget, got a number (0.5) — write it like [0.5, 0.75, 0.9, 1.0]',
      "3:19 invalid_value `settings.budget_webhook` must be an http or https URL, got 'not a url' — write it like https://hooks.example.com/budget",
    ]);
  });
});

describe('parseSettings: retry and circuit_breaker', () => {
  it('resolves them over the defaults', () => {
    const settings = parse(
      withSettings('retry: { max_attempts: 5, backoff: constant }', 'circuit_breaker: { threshold: 3 }'),
    ).settings;
    expect(settings.retry).toEqual({ ...DEFAULT_RETRY, maxAttempts: 5, backoff: 'constant' });
    expect(settings.circuitBreaker).toEqual({ ...DEFAULT_CIRCUIT_BREAKER, threshold: 3 });
  });

  it('refuses bad circuit_breaker values, with did you mean', () => {
    expect(
      problems(
        withSettings('circuit_breaker: { threshold: 0, reset_after: -1s, half_open_max: 1.5, treshold: 2 }'),
      ),
    ).toEqual([
      '2:33 invalid_value `settings.circuit_breaker.threshold` must be at least 1, got 0',
      "2:49 invalid_duration `settings.circuit_breaker.reset_after` must be a duration, got text ('-1s') — write it like 500ms, 1s, 1.5s, 10m, 2h, or a number of seconds",
      '2:69 invalid_type `settings.circuit_breaker.half_open_max` must be an integer, got a number (1.5)',
      "2:74 unknown_key unknown key 'treshold' in `settings.circuit_breaker` — did you mean 'threshold'?",
    ]);
  });
});

describe('parseSettings: rate_limit', () => {
  it('reads one block as the limit of every model', () => {
    const settings = parse(
      withSettings('rate_limit: { requests_per_minute: 60, tokens_per_minute: 90000, max_wait: 10s }'),
    ).settings;
    expect(settings.rateLimit).toEqual({
      default: { requestsPerMinute: 60, tokensPerMinute: 90_000, maxWaitMs: 10_000 },
    });
  });

  it('reads a map of model name to block', () => {
    const settings = parse(
      withSettings(
        'rate_limit:',
        '  claude-sonnet-4-5: { requests_per_minute: 50 }',
        '  openai:gpt-4o: { tokens_per_minute: 30000, max_wait: 2s }',
      ),
    ).settings;
    expect(settings.rateLimit).toEqual({
      perModel: {
        'claude-sonnet-4-5': { requestsPerMinute: 50 },
        'openai:gpt-4o': { tokensPerMinute: 30_000, maxWaitMs: 2_000 },
      },
    });
  });

  it('refuses a mix of both forms, at the first key of the other kind', () => {
    expect(
      problems(
        withSettings('rate_limit:', '  requests_per_minute: 60', '  gpt-4o: { requests_per_minute: 10 }'),
      ),
    ).toEqual([
      "4:5 conflicting_keys `settings.rate_limit` mixes a limit for every model ('requests_per_minute') with limits per model ('gpt-4o') — write either { requests_per_minute: 60 } for every model, or { gpt-4o: { requests_per_minute: 60 } } per model",
    ]);
  });

  it('refuses a block without a rate, rates that are not above 0, and misspelt keys', () => {
    expect(
      problems(
        withSettings(
          'rate_limit:',
          '  gpt-4o: { max_wait: 1s }',
          '  claude-haiku-4-5: { requests_per_minute: 0, tokens_per_minut: 100 }',
        ),
      ),
    ).toEqual([
      '3:5 missing_key `settings.rate_limit.gpt-4o` sets no limit — give requests_per_minute, tokens_per_minute or both, like { requests_per_minute: 60 }',
      '4:46 invalid_value `settings.rate_limit.claude-haiku-4-5.requests_per_minute` must be greater than 0, got 0',
      "4:49 unknown_key unknown key 'tokens_per_minut' in `settings.rate_limit.claude-haiku-4-5` — did you mean 'tokens_per_minute'?",
    ]);
    expect(problems(withSettings('rate_limit: { requests_per_minut: 60 }'))).toEqual([
      "2:17 unknown_key unknown key 'requests_per_minut' in `settings.rate_limit` — did you mean 'requests_per_minute'?",
    ]);
    expect(problems(withSettings('rate_limit: 60'))).toEqual([
      '2:15 invalid_type `settings.rate_limit` must be a map of `key: value`, got a number (60)',
    ]);
  });
});
