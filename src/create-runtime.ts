import type { AgentEnvironment } from './agent/agent-environment.ts';
import { ZERO_COST } from './cost/add-costs.ts';
import { createPriceTable } from './cost/create-price-table.ts';
import type { PriceTable } from './cost/price-table.ts';
import { createModelRegistry } from './model/registry/create-model-registry.ts';
import type { Environment, ModelRegistry } from './model/registry/model-registry.ts';
import { scriptedModelFromSpec } from './model/scripted/scripted-model-from-spec.ts';
import { createProcessRuntime, type ProcessRuntime } from './runtime/process/process-runtime.ts';
import type { Clock } from './spec/clock.ts';
import { systemClock } from './spec/clock.ts';
import type { ModelPrice } from './spec/cost.ts';

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
}

/** The runtime's parts, chosen once: models, prices, time and processes. */
export interface Runtime {
  /** Where agents run as supervised processes; `shutdown()` it when done. */
  readonly processes: ProcessRuntime;
  readonly models: ModelRegistry;
  readonly prices: PriceTable;
  readonly clock: Clock;
  /** What agents run with: pass it as `{ environment }`, or rely on the default runtime. */
  readonly environment: AgentEnvironment;
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
  const environment: AgentEnvironment = {
    resolveModel: (name) => models.resolve(name),
    costOf(model, usage) {
      // The scripted model costs nothing, unless it stands in for a real model whose price is known.
      if (model.provider === 'scripted' && prices.priceOf(model.modelId) === undefined) return ZERO_COST;
      return prices.costOf(model.modelId, usage);
    },
    clock,
  };
  const processes = createProcessRuntime({ clock });
  return { models, prices, clock, environment, processes };
}
