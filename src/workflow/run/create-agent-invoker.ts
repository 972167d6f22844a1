import type { AgentEnvironment } from '../../agent/agent-environment.ts';
import type { AgentResult } from '../../agent/agent-result.ts';
import type { Agent } from '../../agent/define-agent.ts';
import { defineAgent } from '../../agent/define-agent.ts';
import type { AnyTool } from '../../agent/tool.ts';
import { NoModelConfigured } from '../../errors/no-model-configured.ts';
import type { ProcessRuntime } from '../../runtime/process/process-runtime.ts';
import type { Model, ModelMessage } from '../../spec/model.ts';
import { fileTools } from '../../tools/file-tools.ts';
import type { WorkflowDocument } from '../document/workflow-document.ts';
import { superviseAgents } from './supervise-agents.ts';
import type { AgentInvoker } from './workflow-result.ts';

/** Options of {@link createAgentInvoker}. */
export interface AgentInvokerOptions {
  readonly environment: AgentEnvironment;
  /**
   * Runs each agent as a supervised process on this runtime, under its `supervision:` policy (see
   * {@link superviseAgents}). Without it, agents run as plain function calls.
   */
  readonly processes?: ProcessRuntime;
  /** A model name that replaces every agent's model (`--model`). */
  readonly modelOverride?: string;
  /** Told after every agent call, with the agent's id and its result. */
  readonly onAgentResult?: (agent: string, result: AgentResult) => void;
}

/**
 * Maps a workflow's agents onto Vega agents, resolving every model before the first step (so a missing
 * key fails before anything is spent), and keeps one conversation per agent for the run: later steps
 * to the same agent see its earlier turns.
 *
 * @example
 * const invokeAgent = createAgentInvoker(document, { environment: runtime.environment });
 * await runWorkflow(document, { inputs, invokeAgent });
 */
export function createAgentInvoker(document: WorkflowDocument, options: AgentInvokerOptions): AgentInvoker {
  const agents = createWorkflowAgents(document, options);
  if (options.processes !== undefined) {
    return superviseAgents(document, agents, {
      processes: options.processes,
      environment: options.environment,
      ...(options.onAgentResult === undefined ? {} : { onAgentResult: options.onAgentResult }),
    }).invoke;
  }
  const conversations = new Map<string, readonly ModelMessage[]>();
  return async ({ agent: id, message, signal, budget, policies, timeoutMs, journal }) => {
    const agent = agents.get(id);
    if (agent === undefined) throw new TypeError(`Unknown agent '${id}'.`);
    const history = conversations.get(id);
    const result = await agent.run(message, {
      signal,
      environment: options.environment,
      ...(history === undefined ? {} : { history }),
      ...(budget === undefined ? {} : { budget }),
      ...(policies === undefined ? {} : { policies }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(journal === undefined ? {} : { journal }),
    });
    conversations.set(id, result.messages);
    options.onAgentResult?.(id, result);
    return { text: result.text, usage: result.usage, cost: result.cost, calls: result.modelCalls };
  };
}

/**
 * The workflow's agents as Vega agents, every model resolved (one instance per model name, so a
 * scripted model keeps its place in its script across agents and restarts).
 *
 * @example
 * const agents = createWorkflowAgents(document, { environment: runtime.environment });
 */
export function createWorkflowAgents(
  document: WorkflowDocument,
  options: Pick<AgentInvokerOptions, 'environment' | 'modelOverride'>,
): Map<string, Agent> {
  // One instance per model name for the run: a scripted model keeps its place in its script.
  const models = new Map<string, Model>();
  const resolve = (name: string): Model => {
    let model = models.get(name);
    if (model === undefined) {
      model = options.environment.resolveModel(name);
      models.set(name, model);
    }
    return model;
  };
  const sandboxTools = lazy(() => fileTools(document.settings.sandbox ?? document.directory));
  const agents = new Map<string, Agent>();
  for (const definition of document.agents.values()) {
    const modelName = options.modelOverride ?? definition.model ?? document.settings.defaultModel;
    if (modelName === undefined) throw new NoModelConfigured(definition.id);
    const temperature = definition.temperature ?? document.settings.defaultTemperature;
    const tools: AnyTool[] = definition.tools.map((name) => {
      const found = (sandboxTools() as Record<string, AnyTool>)[name];
      if (found === undefined) throw new TypeError(`Unknown built-in tool '${name}'.`);
      return found;
    });
    agents.set(
      definition.id,
      defineAgent({
        name: definition.id,
        model: resolve(modelName),
        system: definition.system,
        tools,
        ...(temperature === undefined ? {} : { temperature }),
        ...(definition.maxTokens === undefined ? {} : { maxTokens: definition.maxTokens }),
        ...(definition.budgetUsd === undefined ? {} : { budget: definition.budgetUsd }),
        policies: definition.policies,
      }),
    );
  }
  return agents;
}

function lazy<Value>(create: () => Value): () => Value {
  let value: Value | undefined;
  return () => {
    value ??= create();
    return value;
  };
}
