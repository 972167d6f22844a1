import { describe, expect, it } from 'vitest';
import { AgentTimeout } from '../errors/agent-timeout.ts';
import type { Model } from '../spec/model.ts';
import { manualClock } from '../testing/manual-clock.ts';
import type { AgentEnvironment } from './agent-environment.ts';
import { defineAgent } from './define-agent.ts';

/** A model that never answers: it waits until its call is aborted. */
const silent: Model = {
  specificationVersion: 'v4',
  provider: 'test',
  modelId: 'silent',
  supportedUrls: {},
  doGenerate: (options) =>
    new Promise((_, reject) =>
      options.abortSignal?.addEventListener('abort', () => reject(options.abortSignal?.reason)),
    ),
  doStream: (options) =>
    new Promise((_, reject) =>
      options.abortSignal?.addEventListener('abort', () => reject(options.abortSignal?.reason)),
    ),
} as Model;

function environmentAt(clock: ReturnType<typeof manualClock>): AgentEnvironment {
  return {
    resolveModel: () => silent,
    costOf: () => ({
      usd: 0,
      breakdown: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
      unpricedModels: [],
    }),
    clock,
  };
}

describe('an agent run with timeoutMs', () => {
  it('is aborted with AgentTimeout when the time is up, and not before', async () => {
    const clock = manualClock();
    const agent = defineAgent({ name: 'slow', model: silent });
    const run = agent.run('Hi', { environment: environmentAt(clock), timeoutMs: 5_000 });
    let settled = false;
    run
      .catch(() => {})
      .finally(() => {
        settled = true;
      });
    await clock.tick(4_999);
    expect(settled).toBe(false);
    await clock.tick(1);
    const error = await run.catch((caught: unknown) => caught);
    expect(AgentTimeout.isAgentTimeout(error)).toBe(true);
    expect(error).toMatchObject({ agent: 'slow', timeoutMs: 5_000, code: 'agent_timeout' });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('bounds a streamed run the same way', async () => {
    const clock = manualClock();
    const agent = defineAgent({ name: 'slow', model: silent });
    const stream = agent.stream('Hi', { environment: environmentAt(clock), timeoutMs: 100 });
    const parts: string[] = [];
    const drained = (async () => {
      for await (const part of stream) parts.push(part.type);
    })();
    await clock.tick(100);
    await drained;
    const error = await stream.result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AgentTimeout);
    expect(parts).toEqual(['turn-start', 'error']);
  });

  it('clears its timer when the run ends first', async () => {
    const clock = manualClock();
    const agent = defineAgent({ name: 'slow', model: silent });
    const controller = new AbortController();
    const run = agent.run('Hi', {
      environment: environmentAt(clock),
      timeoutMs: 5_000,
      signal: controller.signal,
    });
    controller.abort(new Error('user stop'));
    await expect(run).rejects.toThrow('user stop');
    expect(clock.pendingTimers()).toBe(0);
  });
});
