import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineAgent } from '../src/agent/define-agent.ts';
import { createRuntime, type Runtime } from '../src/create-runtime.ts';
import { createLogger } from '../src/observe/logging/create-logger.ts';
import { jsonlSpanExporter } from '../src/observe/tracing/jsonl-span-exporter.ts';
import { setupTracing, type Tracing } from '../src/observe/tracing/setup-tracing.ts';
import { createBudget } from '../src/policy/budget/create-budget.ts';
import { type FixtureServer, startFixtureServer } from '../src/testing/index.ts';
import { type Measurement, measure, printTable, printTargets, type TargetMeasurement } from './harness.ts';
import { MAX_OUTPUT_TOKENS } from './traffic-plan.ts';
import {
  CALLS_PER_RUN,
  LARGE_BUDGET_USD,
  NEVER_BINDING,
  CALL_OPTIONS as options,
  PROMPT,
  zeroLatencyModel,
} from './zero-latency-model.ts';

/** What is switched on in a set-up. */
type Setup = 'off' | 'metrics' | 'tracing' | 'tracing + metrics' | 'everything';

/** A runtime with the set-up's observability on, and how to end it. */
interface Observed {
  readonly runtime: Runtime;
  end(): Promise<void>;
}

async function observed(
  setup: Setup,
  folder: string,
  round: number,
  env: Readonly<Record<string, string>> = {},
): Promise<Observed> {
  const tracing: Tracing | undefined =
    setup === 'tracing' || setup === 'tracing + metrics' || setup === 'everything'
      ? setupTracing({
          exporters: [jsonlSpanExporter(join(folder, `spans-${round}.jsonl`))],
          processor: 'batch',
        })
      : undefined;
  const log =
    setup === 'everything'
      ? createLogger({ level: 'info', file: join(folder, `vega-${round}.log`) })
      : undefined;
  const runtime = createRuntime({
    env,
    rateLimits: { default: NEVER_BINDING, learn: false },
    metrics: setup === 'metrics' || setup === 'tracing + metrics' || setup === 'everything',
    ...(log === undefined ? {} : { logger: log.logger }),
  });
  return {
    runtime,
    async end() {
      await runtime.close();
      await tracing?.shutdown();
      log?.close();
    },
  };
}

/** Timed per measurement: small, because the set-ups are measured in alternation, many times. */
const SHAPE = { samples: 5, runsPerSample: 4, warmupRuns: 5 };
/** Rounds of alternation: each round measures every set-up once, in a rotated order. */
const ROUNDS = 8;

/** Microseconds per call of `runtime.pipeline.generate` and of a one-turn `agent.run`, under one set-up. */
async function measureSetup(setup: Setup, folder: string, round: number): Promise<[number, number]> {
  const { runtime, end } = await observed(setup, folder, round);
  try {
    let sequence = 0;
    const pipeline = await measure(
      'pipeline.generate',
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
      SHAPE,
    );
    const agent = defineAgent({ name: 'bench', model: zeroLatencyModel, maxTokens: MAX_OUTPUT_TOKENS });
    const agentRun = await measure(
      'agent.run',
      'call',
      CALLS_PER_RUN,
      async () => {
        const budget = createBudget({ name: 'bench', limitUsd: LARGE_BUDGET_USD });
        const environment = { ...runtime.environment, budget };
        for (let index = 0; index < CALLS_PER_RUN; index += 1) await agent.run(PROMPT, { environment });
      },
      SHAPE,
    );
    return [pipeline.microsecondsPerUnit, agentRun.microsecondsPerUnit];
  } finally {
    await end();
  }
}

/** Calls per timed run over HTTP: a call is a few hundred µs on the loopback. */
const HTTP_CALLS_PER_RUN = 20;

/**
 * The same one-turn `agent.run`, through the real Anthropic adapter over HTTP to the fixture server on
 * 127.0.0.1 answering at once: what a model call costs when the model is a server.
 */
async function measureHttp(
  setup: Setup,
  server: FixtureServer,
  folder: string,
  round: number,
): Promise<number> {
  const env = { ANTHROPIC_API_KEY: 'bench-key', ANTHROPIC_BASE_URL: server.anthropicBaseURL };
  const { runtime, end } = await observed(setup, folder, round, env);
  const answer = () => ({ text: 'ok', usage: { input: 120, output: 200 } });
  try {
    const agent = defineAgent({ name: 'bench', model: 'claude-haiku-4-5', maxTokens: MAX_OUTPUT_TOKENS });
    const measured = await measure(
      'agent.run over HTTP',
      'call',
      HTTP_CALLS_PER_RUN,
      async () => {
        // The server keeps every request; forget them so each run costs the same.
        server.reset();
        server.setHandler(answer);
        const budget = createBudget({ name: 'bench', limitUsd: LARGE_BUDGET_USD });
        const environment = { ...runtime.environment, budget };
        for (let index = 0; index < HTTP_CALLS_PER_RUN; index += 1) await agent.run(PROMPT, { environment });
      },
      SHAPE,
    );
    return measured.microsecondsPerUnit;
  } finally {
    await end();
  }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** `items` rotated left by `by`. */
const rotate = <Item>(items: readonly Item[], by: number): Item[] => [
  ...items.slice(by % items.length),
  ...items.slice(0, by % items.length),
];

/** Per set-up: the median over rounds of its time, and of its difference to the same round's `off`. */
interface Compared {
  readonly micros: number;
  readonly overMicros: number;
  readonly overPercent: number;
}

function compare(perRound: readonly ReadonlyMap<Setup, number>[], setup: Setup): Compared {
  const off = perRound.map((round) => round.get('off')!);
  const on = perRound.map((round) => round.get(setup)!);
  return {
    micros: median(on),
    overMicros: median(on.map((value, index) => value - off[index]!)),
    overPercent: median(on.map((value, index) => (100 * value) / off[index]! - 100)),
  };
}

/**
 * What observability costs per model call, on the model-call benchmark (bench/traffic-overhead.ts: a
 * zero-latency in-process model): everything off, metrics, tracing to a JSONL file through the batch
 * processor, both, and everything (tracing, metrics, logs at `info` to a file); then the same agent over
 * HTTP to the fixture server, off and with everything. The set-ups are measured in alternation, in
 * {@link ROUNDS} rounds with a rotating order, and each figure is the median over rounds of the
 * difference to the same round's `off` — the machine is shared, and its load drifts. Misses are
 * printed, not thrown.
 */
export async function observabilityBench(): Promise<TargetMeasurement[]> {
  const folder = await mkdtemp(join(tmpdir(), 'vega-observability-bench-'));
  const server = await startFixtureServer();
  try {
    const setups: readonly Setup[] = ['off', 'metrics', 'tracing', 'tracing + metrics', 'everything'];
    const pipelineRounds: Map<Setup, number>[] = [];
    const agentRounds: Map<Setup, number>[] = [];
    const httpRounds: Map<Setup, number>[] = [];
    let files = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const pipeline = new Map<Setup, number>();
      const agent = new Map<Setup, number>();
      for (const setup of rotate(setups, round)) {
        files += 1;
        const [pipelineMicros, agentMicros] = await measureSetup(setup, folder, files);
        pipeline.set(setup, pipelineMicros);
        agent.set(setup, agentMicros);
      }
      const http = new Map<Setup, number>();
      for (const setup of round % 2 === 0
        ? (['off', 'everything'] as const)
        : (['everything', 'off'] as const)) {
        files += 1;
        http.set(setup, await measureHttp(setup, server, folder, files));
      }
      pipelineRounds.push(pipeline);
      agentRounds.push(agent);
      httpRounds.push(http);
    }
    const pipelineCalls = ROUNDS * SHAPE.samples * SHAPE.runsPerSample * CALLS_PER_RUN;
    const httpCalls = ROUNDS * SHAPE.samples * SHAPE.runsPerSample * HTTP_CALLS_PER_RUN;
    const row = (name: string, micros: number): Measurement => ({
      name,
      unit: 'call',
      samples: ROUNDS,
      microsecondsPerUnit: micros,
    });
    printTable(
      `Observability overhead (zero-latency in-process model, ${pipelineCalls.toLocaleString('en-US')} calls per figure; HTTP: ${httpCalls.toLocaleString('en-US')}; medians over ${ROUNDS} alternating rounds)`,
      [
        ...setups.map((setup) =>
          row(`runtime.pipeline.generate, ${setup}`, compare(pipelineRounds, setup).micros),
        ),
        ...setups.map((setup) => row(`agent.run, 1 turn, ${setup}`, compare(agentRounds, setup).micros)),
        row('agent.run over HTTP (fixture server), off', compare(httpRounds, 'off').micros),
        row('agent.run over HTTP (fixture server), everything', compare(httpRounds, 'everything').micros),
      ],
    );
    const over = (setup: Setup) => compare(pipelineRounds, setup).overMicros;
    const targets: TargetMeasurement[] = [
      {
        name: 'metrics per model call',
        count: pipelineCalls,
        value: over('metrics'),
        unit: 'µs',
        target: undefined,
      },
      {
        name: 'tracing (batch, JSONL) per model call',
        count: pipelineCalls,
        value: over('tracing'),
        unit: 'µs',
        target: undefined,
      },
      {
        name: 'tracing + metrics per model call',
        count: pipelineCalls,
        value: over('tracing + metrics'),
        unit: 'µs',
        target: { bound: 'at-most', value: 10 },
      },
      {
        name: 'everything per model call',
        count: pipelineCalls,
        value: over('everything'),
        unit: 'µs',
        target: undefined,
      },
      {
        name: 'slowdown of pipeline.generate (zero latency), everything on',
        count: pipelineCalls,
        value: compare(pipelineRounds, 'everything').overPercent,
        unit: '%',
        target: undefined,
      },
      {
        name: 'slowdown of agent.run, 1 turn (zero latency), everything on',
        count: pipelineCalls,
        value: compare(agentRounds, 'everything').overPercent,
        unit: '%',
        target: undefined,
      },
      {
        name: 'slowdown of agent.run over HTTP, everything on',
        count: httpCalls,
        value: compare(httpRounds, 'everything').overPercent,
        unit: '%',
        target: { bound: 'at-most', value: 10 },
      },
    ];
    printTargets('Observability targets (everything = tracing + metrics + logs at info to a file)', targets);
    return targets;
  } finally {
    await server.close();
    await rm(folder, { recursive: true, force: true });
  }
}
