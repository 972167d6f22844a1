import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { BudgetScope } from '../policy/budget/budget-scope.ts';
import { createBudget } from '../policy/budget/create-budget.ts';
import type { CallPolicies } from '../policy/policy-options.ts';
import type { JournalPosition } from '../spec/effect-journal.ts';
import type { Model, ModelCallOptions, ModelFunctionTool } from '../spec/model.ts';
import type { AgentConfig } from './agent-config.ts';
import { DEFAULT_MAX_TURNS } from './agent-config.ts';
import type { AgentEnvironment } from './agent-environment.ts';
import type { AnyTool } from './tool.ts';

/**
 * An agent's configuration resolved once per run: the model instance, tools by name and the parts of
 * every call's options that do not change between turns. Keeping this out of the turn loop is what makes
 * a turn cost microseconds.
 */
export interface PreparedAgent<Output> {
  readonly name: string;
  readonly model: Model;
  readonly maxTurns: number;
  readonly tools: ReadonlyMap<string, AnyTool>;
  readonly output: z.ZodType<Output> | undefined;
  readonly environment: AgentEnvironment;
  /** Options shared by every call of the run; `prompt`, `abortSignal` and `providerOptions` are added per turn. */
  readonly baseOptions: Omit<ModelCallOptions, 'prompt'>;
  /** The scope this run's calls are held against, when there is a budget anywhere above it. */
  readonly budget: BudgetScope | undefined;
  /** The agent's policies with the run's on top. */
  readonly policies: CallPolicies | undefined;
  /** Unique per run: with the turn number it keys each call's budget reservation. */
  readonly runId: string;
  /** Where the run's model and tool calls are journaled, in a durable run. */
  readonly journal: JournalPosition | undefined;
}

/** What of the run options shapes the prepared agent. */
export interface PrepareOptions {
  readonly budget?: BudgetScope;
  readonly policies?: CallPolicies;
  readonly journal?: JournalPosition;
}

export function prepareAgent<Output>(
  config: AgentConfig<Output>,
  environment: AgentEnvironment,
  options: PrepareOptions = {},
): PreparedAgent<Output> {
  const model = typeof config.model === 'string' ? environment.resolveModel(config.model) : config.model;
  const tools = new Map<string, AnyTool>();
  const definitions: ModelFunctionTool[] = [];
  for (const tool of config.tools ?? []) {
    if (tools.has(tool.name))
      throw new TypeError(`Agent '${config.name}' has two tools named '${tool.name}'.`);
    tools.set(tool.name, tool);
    definitions.push(tool.definition);
  }
  const baseOptions: { -readonly [K in keyof ModelCallOptions]?: ModelCallOptions[K] } = {};
  if (definitions.length > 0) baseOptions.tools = definitions;
  if (config.maxTokens !== undefined) baseOptions.maxOutputTokens = config.maxTokens;
  if (config.temperature !== undefined) baseOptions.temperature = config.temperature;
  if (config.output !== undefined) baseOptions.responseFormat = { type: 'json' };
  return {
    name: config.name,
    model,
    maxTurns: config.maxTurns ?? DEFAULT_MAX_TURNS,
    tools,
    output: config.output,
    environment,
    baseOptions,
    budget: agentScope(config, options.budget ?? environment.budget),
    policies: mergePolicies(config.policies, options.policies),
    runId: options.journal === undefined ? randomUUID() : `${options.journal.runId}:${options.journal.key}`,
    journal: options.journal,
  };
}

/** The run's own scope: a child of the parent, limited by the agent's budget; none when nothing limits or counts. */
function agentScope<Output>(
  config: AgentConfig<Output>,
  parent: BudgetScope | undefined,
): BudgetScope | undefined {
  const limit = config.budget === undefined ? {} : { limitUsd: config.budget };
  if (parent !== undefined) return parent.child(`agent:${config.name}`, limit);
  return config.budget === undefined ? undefined : createBudget({ name: `agent:${config.name}`, ...limit });
}

function mergePolicies(
  own: CallPolicies | undefined,
  run: CallPolicies | undefined,
): CallPolicies | undefined {
  if (run === undefined) return own;
  if (own === undefined) return run;
  return { ...own, ...run };
}
