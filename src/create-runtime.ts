import { join } from 'node:path';
import type { AgentEnvironment } from './agent/agent-environment.ts';
import { ZERO_COST } from './cost/add-costs.ts';
import { createPriceTable } from './cost/create-price-table.ts';
import type { PriceTable } from './cost/price-table.ts';
import { currentRun } from './durable/current-run.ts';
import { createDurableRuns, type DurableRuns } from './durable/durable-runs.ts';
import type { MemoryView } from './durable/run-context.ts';
import { VegaError } from './errors/vega-error.ts';
import { createModelRegistry } from './model/registry/create-model-registry.ts';
import type { Environment, ModelRegistry } from './model/registry/model-registry.ts';
import { scriptedModelFromSpec } from './model/scripted/scripted-model-from-spec.ts';
import { eventLogWriter } from './observe/logging/log-events.ts';
import type { Logger } from './observe/logging/logger.ts';
import { meteredPipeline } from './observe/metrics/metered-pipeline.ts';
import { type MetricsServer, serveMetrics } from './observe/metrics/serve-metrics.ts';
import { createVegaMetrics, type VegaMetrics } from './observe/metrics/vega-metrics.ts';
import { redactingStore } from './observe/redact/redacting-store.ts';
import { createRedactor, type Redactor } from './observe/redact/redactor.ts';
import { setupTracing, type TracingSetupOptions } from './observe/tracing/setup-tracing.ts';
import { createBreakers } from './policy/breaker/create-breakers.ts';
import { type BudgetLedger, memoryBudgetLedger } from './policy/budget/budget-ledger.ts';
import type { BudgetScope } from './policy/budget/budget-scope.ts';
import { createBudget } from './policy/budget/create-budget.ts';
import { dailyBudget } from './policy/budget/daily-budget.ts';
import { createModelPipeline, type ModelPipeline } from './policy/model-pipeline.ts';
import type { PolicyEventListener } from './policy/policy-event.ts';
import { createPolicyEvents, type PolicyEvents } from './policy/policy-events.ts';
import type {
  BudgetOptions,
  CircuitBreakerOptions,
  RateLimitOptions,
  RetryOptions,
} from './policy/policy-options.ts';
import { createRateLimits } from './policy/rate-limit/create-rate-limits.ts';
import { createProcessRuntime, type ProcessRuntime } from './runtime/process/process-runtime.ts';
import type { Clock } from './spec/clock.ts';
import { systemClock } from './spec/clock.ts';
import type { Cost, ModelPrice } from './spec/cost.ts';
import type { Model } from './spec/model.ts';
import type { MemoryScope, Store } from './spec/store.ts';
import type { Usage } from './spec/usage.ts';
import { openStore } from './store/open-store.ts';

/** Options of {@link createRuntime}; every one has an embedded default. */
export interface RuntimeOptions {
  /** Where API keys and base URLs are read. Default `process.env`. */
  readonly env?: Environment;
  /** The `fetch` provider adapters use (a proxy, a recorder). Default the global one. */
  readonly fetch?: typeof globalThis.fetch;
  /** Price overrides per model, dollars per million tokens; they replace the default entry whole. */
  readonly prices?: Readonly<Record<string, ModelPrice>>;
  readonly clock?: Clock;
  /** The folder `scripted:<file>` paths are relative to. Default the working directory. */
  readonly cwd?: string;
  /** The runtime's root budget, over every run (limit, alerts, `onExceed`, webhook). Default: counts only. */
  readonly budget?: BudgetOptions;
  /** A hard cap per UTC day over everything this runtime spends; the root of the budget tree. */
  readonly dailyBudgetUsd?: number;
  /**
   * Rate limits per provider/model, shared by every agent: a default, per-model limits, and whether to
   * learn limits from the providers' headers (default true).
   */
  readonly rateLimits?: RateLimitsOptions;
  /** Retries of calls whose agent sets none. Default {@link DEFAULT_RETRY}. */
  readonly retry?: RetryOptions;
  /** Breakers of agents that set none. Default {@link DEFAULT_CIRCUIT_BREAKER}. */
  readonly circuitBreaker?: CircuitBreakerOptions;
  /** Source of retry jitter and of `ctx.random()`, in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /**
   * Where durable runs, their events and journals, memory and the daily budget's ledger are kept: a
   * {@link Store}, an SQLite path, or a `postgres://` URL. Default `.vega/vega.db` under `cwd`, opened
   * on first use.
   */
  readonly store?: Store | string;
  /** The daily budget's ledger; default in memory (the CLI passes one kept in the store). */
  readonly budgetLedger?: BudgetLedger;
  /**
   * Prometheus metrics of model calls, tokens, cost, runs, steps, retries, breakers, rate limits and
   * processes: `true` for metrics on a registry of their own, or metrics you made with
   * `createVegaMetrics` (to share a registry). Default off: nothing is measured.
   */
  readonly metrics?: boolean | VegaMetrics;
  /**
   * Where the runtime logs runs, steps, model and tool calls, retries, budgets, breakers and restarts
   * (a pino logger, or `createLogger(...)`). Default none: nothing is logged.
   */
  readonly logger?: Logger;
  /**
   * What removes secrets from everything runs keep (events, journal, errors, outputs). Default one
   * built from `env`: values of variables named like secrets, authorization headers, `api_key` fields
   * and common key shapes.
   */
  readonly redactor?: Redactor;
  /**
   * Traces runs with OpenTelemetry: where spans go (`jsonlSpanExporter(path)`, `chromeTraceExporter(path)`,
   * `otlpSpanExporter({ env })`, `storeSpanExporter(store)` or any SDK exporter) and, for tests, the
   * `simple` processor. Spans pass the runtime's redactor; `close()` flushes them. Default off: nothing is
   * traced and tracing costs nothing.
   */
  readonly tracing?: Pick<TracingSetupOptions, 'exporters' | 'processor'>;
}

/** Rate limits of a runtime. */
export interface RateLimitsOptions {
  readonly default?: RateLimitOptions;
  /** By model id (`claude-sonnet-4-5`) or `provider/model`. */
  readonly perModel?: Readonly<Record<string, RateLimitOptions>>;
  readonly learn?: boolean;
}

/**
 * The runtime's parts, chosen once: models, prices, time and processes; and durable runs on its store
 * (`run`, `resume`, `replay`: see {@link DurableRuns}).
 */
export interface Runtime extends Pick<DurableRuns, 'run' | 'resume' | 'replay'> {
  /** Where agents run as supervised processes; `shutdown()` it when done. */
  readonly processes: ProcessRuntime;
  readonly models: ModelRegistry;
  readonly prices: PriceTable;
  readonly clock: Clock;
  /** What agents run with: pass it as `{ environment }`, or rely on the default runtime. */
  readonly environment: AgentEnvironment;
  /** The root of the budget tree: `remaining()`, `used()`, `limit()`; runs are charged to children of it. */
  readonly budget: BudgetScope;
  /** The pipeline every model call goes through, with its shared rate limiters and breakers. */
  readonly pipeline: ModelPipeline;
  /** Budget, rate-limit, retry, breaker and fallback events. */
  readonly policyEvents: PolicyEvents;
  /** The store, opened on first use. */
  store(): Promise<Store>;
  /** Durable runs on the store (for front doors that run their own code, like workflows). */
  durableRuns(): Promise<DurableRuns>;
  /** Memory kept in the store: `global` by default, or another scope. */
  memory(scope?: MemoryScope): MemoryView;
  /** Shuts the processes down and closes the store (when this runtime opened it). */
  close(): Promise<void>;
  /** The metrics in the Prometheus text format; rejects with `metrics_disabled` unless `metrics` is on. */
  metrics(): Promise<string>;
  /** Serves `/metrics` (default host 127.0.0.1); rejects with `metrics_disabled` unless `metrics` is on. */
  serveMetrics(options: { port: number; host?: string; signal?: AbortSignal }): Promise<MetricsServer>;
}

/**
 * The composition root: the one place that picks Vega's default adapters. Everything has an embedded
 * default, so `createRuntime()` needs no server and no configuration.
 *
 * @example
 * const runtime = createRuntime({ prices: { 'ollama:llama3.2': { input: 0, output: 0 } } });
 * const result = await agent.run('Hello', { environment: runtime.environment });
 */
export function createRuntime(options: RuntimeOptions = {}): Runtime {
  const cwd = options.cwd ?? process.cwd();
  const models = createModelRegistry({
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    scripted: (spec) => scriptedModelFromSpec(spec, { cwd }),
  });
  const prices = createPriceTable(options.prices);
  const clock = options.clock ?? systemClock;
  const policyEvents = createPolicyEvents();
  const onEvent = policyEvents.emit;
  // The scripted model costs nothing, unless it stands in for a real model whose price is known.
  const free = (model: Model) => model.provider === 'scripted' && prices.priceOf(model.modelId) === undefined;
  const priceOf = (model: Model): ModelPrice | undefined =>
    free(model) ? FREE : prices.priceOf(model.modelId);
  const costOf = (model: Model, usage: Usage): Cost =>
    free(model) ? ZERO_COST : prices.costOf(model.modelId, usage);
  const budget = rootBudget(options, clock, onEvent);
  const metrics = options.metrics === true ? createVegaMetrics() : options.metrics || undefined;
  const corePipeline = createModelPipeline({
    clock,
    ...(options.random === undefined ? {} : { random: options.random }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    rateLimits: createRateLimits({
      ...(options.rateLimits?.default === undefined ? {} : { default: options.rateLimits.default }),
      ...(options.rateLimits?.perModel === undefined ? {} : { perModel: options.rateLimits.perModel }),
      learn: options.rateLimits?.learn ?? true,
      clock,
      onEvent,
    }),
    breakers: createBreakers({
      clock,
      onEvent,
      ...(options.circuitBreaker === undefined ? {} : { defaults: options.circuitBreaker }),
    }),
    priceOf,
    costOf,
    resolveModel: (name) => models.resolve(name),
    onEvent,
  });
  // Metered only when metrics are on: without them a call goes straight to the pipeline.
  const pipeline = metrics === undefined ? corePipeline : meteredPipeline(corePipeline, metrics.modelCalls);
  const environment: AgentEnvironment = {
    resolveModel: (name) => models.resolve(name),
    costOf,
    clock,
    pipeline,
    budget,
  };
  const processes = createProcessRuntime({ clock });
  const redactor = options.redactor ?? createRedactor({ env: options.env ?? process.env });
  const tracing = options.tracing === undefined ? undefined : setupTracing({ ...options.tracing, redactor });
  // Subscribed only with a logger: without one, events cost nothing more.
  const logEvent = options.logger === undefined ? undefined : eventLogWriter(options.logger);
  if (logEvent !== undefined) {
    policyEvents.on((event) => logEvent(event.type, event, currentRun.getStore()?.runId));
    processes.on((event) => logEvent(event.type, event, currentRun.getStore()?.runId));
  }
  if (metrics !== undefined) {
    policyEvents.on(metrics.onPolicyEvent);
    processes.on(metrics.onRuntimeEvent);
  }
  const store = once(() =>
    typeof options.store === 'object'
      ? Promise.resolve(options.store)
      : openStore(options.store ?? join(cwd, '.vega', 'vega.db')),
  );
  const durableRuns = once(async () =>
    createDurableRuns({
      // Everything a run keeps passes the redactor: no secret reaches the store.
      store: redactingStore(await store(), redactor),
      redact: redactor.value,
      environment,
      clock,
      budget,
      ...(options.random === undefined ? {} : { random: options.random }),
      ...runEventListener(metrics?.onRunEvent, logEvent),
    }),
  );
  // Policy events raised inside a durable run go to that run's event log.
  policyEvents.on((event) => currentRun.getStore()?.events?.append(event.type, event));
  return {
    models,
    prices,
    clock,
    environment,
    processes,
    budget,
    pipeline,
    policyEvents,
    store,
    durableRuns,
    run: async (work, input, runOptions) => (await durableRuns()).run(work, input, runOptions),
    resume: async (runId, work, resumeOptions) => (await durableRuns()).resume(runId, work, resumeOptions),
    replay: async (runId, work) => (await durableRuns()).replay(runId, work),
    memory(scope = { kind: 'global', id: '' }) {
      return {
        get: async <Value>(key: string) => (await (await store()).getMemory(scope, key)) as Value | undefined,
        set: async (key, value) => (await store()).setMemory(scope, key, value, clock.now()),
      };
    },
    metrics: () => (metrics === undefined ? Promise.reject(metricsDisabled()) : metrics.text()),
    serveMetrics: (serveOptions) =>
      metrics === undefined ? Promise.reject(metricsDisabled()) : serveMetrics({ ...serveOptions, metrics }),
    async close() {
      await processes.shutdown();
      await tracing?.shutdown();
      if (typeof options.store !== 'object' && store.started()) await (await store()).close();
    },
  };
}

/** A lazily started promise, started at most once. */
function once<Value>(start: () => Promise<Value>): (() => Promise<Value>) & { started(): boolean } {
  let promise: Promise<Value> | undefined;
  return Object.assign(
    () => {
      promise ??= start();
      return promise;
    },
    { started: () => promise !== undefined },
  );
}

function metricsDisabled(): VegaError {
  return new VegaError('metrics_disabled', 'This runtime has no metrics.', {
    hint: 'Create it with createRuntime({ metrics: true }).',
  });
}

const FREE: ModelPrice = Object.freeze({ input: 0, output: 0 });

/** The root of the budget tree: the day's scope when there is a daily cap, else a scope that only counts unless limited. */
function rootBudget(options: RuntimeOptions, clock: Clock, onEvent: PolicyEventListener): BudgetScope {
  const own = options.budget ?? {};
  if (options.dailyBudgetUsd === undefined) return createBudget({ name: 'global', ...own, clock, onEvent });
  const daily = dailyBudget({
    limitUsd: options.dailyBudgetUsd,
    ledger: options.budgetLedger ?? memoryBudgetLedger(),
    clock,
    onEvent,
  });
  return options.budget === undefined ? daily : daily.child('global', own);
}

/** What sees a run's events as they are appended: the metrics, the logger, both or neither. */
function runEventListener(
  meter: ((type: string, payload: unknown) => void) | undefined,
  log: ((type: string, payload: unknown, runId?: string) => void) | undefined,
): { onRunEvent?: (type: string, payload: unknown, runId: string) => void } {
  if (log === undefined) return meter === undefined ? {} : { onRunEvent: meter };
  if (meter === undefined) return { onRunEvent: log };
  return {
    onRunEvent: (type, payload, runId) => {
      meter(type, payload);
      log(type, payload, runId);
    },
  };
}
