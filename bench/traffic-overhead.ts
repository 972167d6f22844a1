import { defineAgent } from '../src/agent/define-agent.ts';
import { createRuntime } from '../src/create-runtime.ts';
import { createBudget } from '../src/policy/budget/create-budget.ts';
import { type Measurement, measure } from './harness.ts';
import { MAX_OUTPUT_TOKENS } from './traffic-plan.ts';
import {
  CALLS_PER_RUN,
  LARGE_BUDGET_USD,
  NEVER_BINDING,
  CALL_OPTIONS as options,
  PROMPT,
  zeroLatencyModel,
} from './zero-latency-model.ts';

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
