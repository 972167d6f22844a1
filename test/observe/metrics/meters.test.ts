import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createVegaMetrics } from '../../../src/observe/metrics/vega-metrics.ts';
import { sampleOf } from './metrics-text.ts';

/** One sample's value in the registry's text. */
async function sampleIn(registry: Registry, name: string, labels: Record<string, string> = {}) {
  return sampleOf(await registry.metrics(), name, labels);
}

describe('createVegaMetrics', () => {
  it('keeps its metrics on a registry of its own, not on the global one', async () => {
    const { register } = await import('prom-client');
    const metrics = createVegaMetrics();
    expect(metrics.registry).not.toBe(register);
    expect(register.getSingleMetric('vega_model_calls_total')).toBeUndefined();
    expect(createVegaMetrics().registry).not.toBe(metrics.registry);
  });

  it('counts rate-limit queues and waits, breaker states and budget refusals from policy events', async () => {
    const metrics = createVegaMetrics();
    metrics.onPolicyEvent({
      type: 'rate-limit-wait',
      at: 0,
      key: 'anthropic/claude-haiku-4-5',
      waitedMs: 1500,
      queueDepth: 4,
    });
    metrics.onPolicyEvent({
      type: 'rate-limit-wait',
      at: 1,
      key: 'anthropic/claude-haiku-4-5',
      waitedMs: 20,
      queueDepth: 1,
    });
    metrics.onPolicyEvent({ type: 'breaker-state', at: 2, key: 'openai/gpt-5', from: 'closed', to: 'open' });
    metrics.onPolicyEvent({
      type: 'breaker-state',
      at: 3,
      key: 'openai/gpt-5',
      from: 'open',
      to: 'half-open',
    });
    metrics.onPolicyEvent({
      type: 'budget-exceeded',
      at: 4,
      scope: 'run',
      limitUsd: 1,
      spentUsd: 1,
      reservedUsd: 0,
      requestedUsd: 0.1,
      action: 'block',
    });
    const { registry } = metrics;
    const key = 'anthropic/claude-haiku-4-5';
    expect(await sampleIn(registry, 'vega_rate_limit_queue_depth', { key })).toBe(1);
    expect(await sampleIn(registry, 'vega_rate_limit_wait_seconds_count', { key })).toBe(2);
    expect(await sampleIn(registry, 'vega_rate_limit_wait_seconds_sum', { key })).toBeCloseTo(1.52, 9);
    expect(await sampleIn(registry, 'vega_rate_limit_wait_seconds_bucket', { key, le: '0.05' })).toBe(1);
    expect(await sampleIn(registry, 'vega_breaker_state', { key: 'openai/gpt-5', state: 'half_open' })).toBe(
      1,
    );
    expect(await sampleIn(registry, 'vega_breaker_state', { key: 'openai/gpt-5', state: 'open' })).toBe(0);
    expect(
      await sampleIn(registry, 'vega_breaker_transitions_total', { key: 'openai/gpt-5', state: 'open' }),
    ).toBe(1);
    expect(await sampleIn(registry, 'vega_budget_exceeded_total', { action: 'block' })).toBe(1);
  });

  it('counts processes alive, restarts and give-ups from runtime events', async () => {
    const metrics = createVegaMetrics();
    const reason = { kind: 'error', error: new Error('boom') } as never;
    for (const pid of [1, 2, 3])
      metrics.onRuntimeEvent({ type: 'process-spawn', at: 0, pid, name: undefined, parent: undefined });
    metrics.onRuntimeEvent({ type: 'process-exit', at: 1, pid: 3, name: undefined, reason });
    const restart = {
      supervisor: 1,
      supervisorName: 'team',
      child: 'agent:Writer',
      previous: 3,
      reason,
      delayMs: 0,
    };
    metrics.onRuntimeEvent({ type: 'process-restart', at: 2, pid: 4, attempt: 1, ...restart });
    metrics.onRuntimeEvent({ type: 'process-restart', at: 3, pid: 5, attempt: 2, ...restart });
    metrics.onRuntimeEvent({
      type: 'supervisor-give-up',
      at: 4,
      supervisor: 1,
      supervisorName: 'team',
      child: 'agent:Writer',
      reason,
      restarts: 3,
      escalated: false,
    });
    expect(await sampleIn(metrics.registry, 'vega_active_processes')).toBe(2);
    expect(await sampleIn(metrics.registry, 'vega_process_restarts_total', { child: 'agent:Writer' })).toBe(
      2,
    );
    expect(
      await sampleIn(metrics.registry, 'vega_supervisor_give_ups_total', { child: 'agent:Writer' }),
    ).toBe(1);
  });

  it('counts steps with their durations and the errors runs fail with, from run events', async () => {
    const metrics = createVegaMetrics();
    metrics.onRunEvent('step-started', { index: 0, kind: 'agent' });
    metrics.onRunEvent('step-completed', { index: 0, kind: 'agent', durationMs: 2500 });
    metrics.onRunEvent('run-failed', {
      error: { name: 'BudgetExceeded', code: 'budget_exceeded', message: 'over' },
    });
    metrics.onRunEvent('model-call-started', { key: 'k' });
    expect(await sampleIn(metrics.registry, 'vega_step_duration_seconds_sum', { kind: 'agent' })).toBe(2.5);
    expect(await sampleIn(metrics.registry, 'vega_steps_completed_total', { kind: 'agent' })).toBe(1);
    expect(
      await sampleIn(metrics.registry, 'vega_errors_total', {
        source: 'run',
        class: 'BudgetExceeded',
        code: 'budget_exceeded',
      }),
    ).toBe(1);
    expect(await sampleIn(metrics.registry, 'vega_runs_ended_total', { outcome: 'failed' })).toBe(1);
  });

  it('shares a registry it is given', async () => {
    const registry = new Registry();
    const metrics = createVegaMetrics({ registry });
    expect(metrics.registry).toBe(registry);
    expect(await registry.metrics()).toContain('# HELP vega_model_calls_total');
  });
});
