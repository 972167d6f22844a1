import type { LanguageModelV4GenerateResult } from '@ai-sdk/provider';
import { defineAgent } from '../src/agent/define-agent.ts';
import { createRuntime } from '../src/create-runtime.ts';
import { createBudget } from '../src/policy/budget/create-budget.ts';
import type { Model, ModelCallOptions } from '../src/spec/model.ts';
import { type Measurement, measure } from './harness.ts';
import { MAX_OUTPUT_TOKENS, MODEL_ID } from './traffic-plan.ts';

const result: LanguageModelV4GenerateResult = {
  content: [{ type: 'text', text: 'ok' }],
  finishReason: { unified: 'stop', raw: 'end_turn' },
  usage: {
    inputTokens: { total: 120, noCache: 120, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: 200, text: 200, reasoning: 0 },
  },
  warnings: [],
};

/** A priced model (Anthropic's provider name and a known model id) that answers at once. */
const zeroLatencyModel: Model = {
  specificationVersion: 'v4',
  provider: 'anthropic.messages',
  modelId: MODEL_ID,
  supportedUrls: {},
  doGenerate: async () => result,
  doStream: async () => {
    throw new Error('Traffic bench: the zero-latency model does not stream.');
  },
};

const PROMPT = 'Summarise the rate-limit headers of the last response in one sentence.';
const options: ModelCallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: PROMPT }] }],
  maxOutputTokens: MAX_OUTPUT_TOKENS,
};

/** Limits no call ever waits for, so the limiter's full path (buckets, holds, reconcile) runs every call. */
const NEVER_BINDING = { requestsPerMinute: 1e12, tokensPerMinute: 1e15 };
/** A budget that never refuses, so every call reserves and settles. */
const LARGE_BUDGET_USD = 1e9;
/** Calls per timed run: each run gets a fresh budget tree, which remembers every key it has seen. */
const CALLS_PER_RUN = 1_000;

export interface OverheadResult {
  readonly rows: readonly Measurement[];
  readonly doGenerate: Measurement;
  readonly pipeline: Measurement;
  readonly calls: number;
}

/**
 * The pipeline's own cost per call: `runtime.pipeline.generate` (budget reservation in a two-level
 * scope tree, breaker, declared rate limits, settle) and `agent.run` (the same plus the agent loop), each
 * on a model whose `doGenerate` resolves at once, against `doGenerate` called directly.
 */
export async function pipelineOverhead(): Promise<OverheadResult> {
  const samples = 15;
  const runsPerSample = 10;
  const warmupRuns = 20;
  const shape = { samples, runsPerSample, warmupRuns };

  const doGenerate = await measure(
    'model.doGenerate called directly',
    'call',
    CALLS_PER_RUN,
    async () => {
      for (let index = 0; index < CALLS_PER_RUN; index += 1) await zeroLatencyModel.doGenerate(options);
    },
    shape,
  );

  const runtime = createRuntime({ env: {}, rateLimits: { default: NEVER_BINDING, learn: false } });
  let sequence = 0;
  const pipeline = await measure(
    'runtime.pipeline.generate (budget + limits)',
    'call',
    CALLS_PER_RUN,
    async () => {
      const budget = createBudget({ name: 'bench', limitUsd: LARGE_BUDGET_USD }).child('agent:bench', {});
      for (let index = 0; index < CALLS_PER_RUN; index += 1) {
        sequence += 1;
        await runtime.pipeline.generate({
          model: zeroLatencyModel,
          options,
          key: `run/${sequence}`,
          agent: 'bench',
          budget,
        });
      }
    },
    shape,
  );

  const agent = defineAgent({ name: 'bench', model: zeroLatencyModel, maxTokens: MAX_OUTPUT_TOKENS });
  const agentRun = await measure(
    'agent.run, 1 turn (budget + limits + agent loop)',
    'call',
    CALLS_PER_RUN,
    async () => {
      const budget = createBudget({ name: 'bench', limitUsd: LARGE_BUDGET_USD });
      const environment = { ...runtime.environment, budget };
      for (let index = 0; index < CALLS_PER_RUN; index += 1) await agent.run(PROMPT, { environment });
    },
    shape,
  );

  const stats = runtime.pipeline.rateLimits.stats();
  if (stats.some((limiter) => limiter.totalWaitMs > 0)) {
    throw new Error(`Traffic bench: the overhead run waited for rate limits: ${JSON.stringify(stats)}`);
  }
  return {
    rows: [doGenerate, pipeline, agentRun],
    doGenerate,
    pipeline,
    calls: samples * runsPerSample * CALLS_PER_RUN,
  };
}
