import { describe, expect, it } from 'vitest';
import { parseTeam as parse, problems } from '../../../test/support/workflow-problems.ts';
import { DEFAULT_RETRY } from '../../policy/policy-options.ts';

const agentWith = (line: string): string => `agents:\n  Coder:\n    system: s\n    ${line}\n`;

describe('retry', () => {
  it('reads a full block, with every backoff and duration form', () => {
    const text = agentWith(
      'retry: { max_attempts: 5, backoff: fibonacci, initial: 500ms, max: 1m, jitter: 0, multiplier: 3 }',
    );
    expect(parse(text).agents.get('Coder')?.policies.retry).toEqual({
      maxAttempts: 5,
      backoff: 'fibonacci',
      initialMs: 500,
      maxMs: 60_000,
      jitter: 0,
      multiplier: 3,
    });
  });

  it('reads a bare number as max_attempts, and fills a partial block from the defaults', () => {
    expect(parse(agentWith('retry: 4')).agents.get('Coder')?.policies.retry).toEqual({
      ...DEFAULT_RETRY,
      maxAttempts: 4,
    });
    expect(parse(agentWith('retry: { backoff: linear }')).agents.get('Coder')?.policies.retry).toEqual({
      ...DEFAULT_RETRY,
      backoff: 'linear',
    });
  });

  it('refuses each bad value where it is', () => {
    const text = agentWith(
      'retry: { max_attempts: 0, backoff: fibonaci, initial: soon, max: 1.5.s, jitter: 1.5, multiplier: 0.5 }',
    );
    expect(problems(text)).toEqual([
      "4:28 invalid_value `retry.max_attempts` of agent 'Coder' must be at least 1, got 0",
      "4:40 invalid_value `retry.backoff` of agent 'Coder' must be one of exponential, linear, constant, fibonacci, got 'fibonaci' — did you mean 'fibonacci'?",
      "4:59 invalid_duration `retry.initial` of agent 'Coder' must be a duration, got text ('soon') — write it like 500ms, 1s, 1.5s, 10m, 2h, or a number of seconds",
      "4:70 invalid_duration `retry.max` of agent 'Coder' must be a duration, got text ('1.5.s') — write it like 500ms, 1s, 1.5s, 10m, 2h, or a number of seconds",
      "4:85 invalid_value `retry.jitter` of agent 'Coder' must be at most 1, got 1.5",
      "4:102 invalid_value `retry.multiplier` of agent 'Coder' must be at least 1, got 0.5",
    ]);
  });

  it('refuses a fractional count, an unknown key, a value of the wrong type and retry: 0', () => {
    expect(problems(agentWith('retry: { max_attempts: 2.5, max_atempts: 3 }'))).toEqual([
      "4:28 invalid_type `retry.max_attempts` of agent 'Coder' must be an integer, got a number (2.5)",
      "4:33 unknown_key unknown key 'max_atempts' in `retry` of agent 'Coder' — did you mean 'max_attempts'?",
    ]);
    expect(problems(agentWith('retry: always'))).toEqual([
      "4:12 invalid_type `retry` of agent 'Coder' must be a number of attempts or a map, got text ('always') — write `retry: 3` or `retry: { max_attempts: 3, backoff: exponential, initial: 1s, max: 30s }`",
    ]);
    expect(problems(agentWith('retry: 0'))).toEqual([
      "4:12 invalid_value `retry` of agent 'Coder' must be at least 1, got 0",
    ]);
  });

  it('refuses an initial delay longer than the cap, once the defaults fill the block in', () => {
    expect(problems(agentWith('retry: { initial: 1m }'))).toEqual([
      "4:5 invalid_value `retry` of agent 'Coder': the initial delay (60000ms) is longer than the cap (30000ms) — the cap comes from the defaults: set `max` to at least 60000ms",
    ]);
    expect(problems('settings:\n  retry: { initial: 10s, max: 5s }\nagents:\n  A: { system: s }\n')).toEqual([
      '2:3 invalid_value `settings.retry`: the initial delay (10000ms) is longer than the cap (5000ms) — lower `initial` or raise `max`',
    ]);
  });
});
