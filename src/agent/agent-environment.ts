import { VegaError } from '../errors/vega-error.ts';
import type { BudgetScope } from '../policy/budget/budget-scope.ts';
import type { ModelPipeline } from '../policy/model-pipeline.ts';
import type { Clock } from '../spec/clock.ts';
import { systemClock } from '../spec/clock.ts';
import type { Cost } from '../spec/cost.ts';
import type { Model } from '../spec/model.ts';
import type { Usage } from '../spec/usage.ts';

/**
 * What an agent needs from the runtime it runs in: how to turn a model name into a model, and what a
 * call cost. The composition root (`createRuntime`) provides it; tests may pass their own.
 */
export interface AgentEnvironment {
  resolveModel(name: string): Model;
  costOf(model: Model, usage: Usage): Cost;
  readonly clock: Clock;
  /**
   * The model-call pipeline (budget, rate limits, breaker, retry, timeout, fallback) every call goes
   * through. Without one, calls go straight to the model: a bare environment for unit tests.
   */
  readonly pipeline?: ModelPipeline;
  /** The scope agent runs are charged to when they are given none: the runtime's root budget. */
  readonly budget?: BudgetScope;
}

let defaultEnvironment: (() => AgentEnvironment) | undefined;

/**
 * Installs the environment used by agents run without one. Called by the composition root; the agent
 * layer itself never picks adapters.
 */
export function setDefaultAgentEnvironment(factory: () => AgentEnvironment): void {
  defaultEnvironment = factory;
}

/** The environment an agent run uses when none is passed. */
export function getDefaultAgentEnvironment(): AgentEnvironment {
  if (defaultEnvironment !== undefined) return defaultEnvironment();
  return {
    resolveModel(name) {
      throw new VegaError('no_model_registry', `Cannot resolve model '${name}': no runtime is configured.`, {
        hint: "Import from 'vega-agents' (which installs the default registry), pass a model instance, or pass { environment }.",
      });
    },
    costOf() {
      return {
        usd: undefined,
        breakdown: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
        unpricedModels: [],
      };
    },
    clock: systemClock,
  };
}
