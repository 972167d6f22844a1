import type { AgentEnvironment } from '../../agent/agent-environment.ts';
import type { AgentResult } from '../../agent/agent-result.ts';
import type { Agent } from '../../agent/define-agent.ts';
import { defineAgent } from '../../agent/define-agent.ts';
import { NoModelConfigured } from '../../errors/no-model-configured.ts';
import { isMcpToolName } from '../../mcp/mcp-tool-name.ts';
import { EMPTY_MCP_TOOLBOX, type McpToolbox } from '../../mcp/open-mcp-tools.ts';
import type { ProcessRuntime } from '../../runtime/process/process-runtime.ts';
import { withSkills } from '../../skills/with-skills.ts';
import type { Model, ModelMessage } from '../../spec/model.ts';
import type { WorkflowDocument } from '../document/workflow-document.ts';
import { resolveModelAlias } from '../load/read-model-settings.ts';
import { historyBounder } from '../memory/summarize-history.ts';
import { createToolResolver } from './resolve-agent-tools.ts';
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
  /** The run's connected MCP servers: where agents' `<server>__<tool>` tools come from. */
  readonly mcp?: McpToolbox;
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
  const invoke = createInvoker(document, options);
  const aliases = document.settings.modelAliases;
  if (aliases === undefined) return invoke;
  // A step's own `fallback_models` may name aliases too.
  return (request) => {
    const fallbackModels = request.policies?.fallbackModels;
    if (fallbackModels === undefined) return invoke(request);
    const resolved = fallbackModels.map((name) => resolveModelAlias(aliases, name));
    return invoke({ ...request, policies: { ...request.policies, fallbackModels: resolved } });
  };
}

function createInvoker(document: WorkflowDocument, options: AgentInvokerOptions): AgentInvoker {
  const agents = createWorkflowAgents(document, options);
  if (options.processes !== undefined) {
    return superviseAgents(document, agents, {
      processes: options.processes,
      environment: options.environment,
      ...(options.onAgentResult === undefined ? {} : { onAgentResult: options.onAgentResult }),
    }).invoke;
  }
  const conversations = new Map<string, readonly ModelMessage[]>();
  const bounders = new Map(
    [...agents].map(([id, agent]) => {
      const bound = historyBounder(agent, document.agents.get(id)?.memory, {
        environment: options.environment,
        onSummary: (result) => options.onAgentResult?.(id, result),
      });
      return [id, bound] as const;
    }),
  );
  return async ({ agent: id, message, signal, budget, policies, timeoutMs, journal, fresh }) => {
    const agent = agents.get(id);
    if (agent === undefined) throw new TypeError(`Unknown agent '${id}'.`);
    const memory = document.agents.get(id)?.memory;
    const kept = fresh === true || memory?.history === 'none' ? undefined : conversations.get(id);
    const bound = bounders.get(id);
    const history =
      kept === undefined || bound === undefined
        ? kept
        : await bound(kept, {
            signal,
            ...(budget === undefined ? {} : { budget }),
            ...(journal === undefined ? {} : { journal }),
          });
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
  options: Pick<AgentInvokerOptions, 'environment' | 'modelOverride' | 'mcp'>,
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
  // Built-ins, custom tools and (through its `extraTools`) MCP tools, built once for the run.
  const toolsOf = createToolResolver(document);
  const agents = new Map<string, Agent>();
  for (const definition of document.agents.values()) {
    const written = options.modelOverride ?? definition.model ?? document.settings.defaultModel;
    if (written === undefined) throw new NoModelConfigured(definition.id);
    const aliases = document.settings.modelAliases;
    const modelName = resolveModelAlias(aliases, written);
    const fallbackModels = definition.policies.fallbackModels?.map((name) =>
      resolveModelAlias(aliases, name),
    );
    const temperature = definition.temperature ?? document.settings.defaultTemperature;
    // MCP tools (`<server>__<tool>`, `<server>__*`) come from the run's connected servers.
    const tools = [
      ...toolsOf({ id: definition.id, tools: definition.tools.filter((name) => !isMcpToolName(name)) }),
      ...(options.mcp ?? EMPTY_MCP_TOOLBOX).toolsFor(definition.id, definition.tools),
    ];
    agents.set(
      definition.id,
      withSkills(
        defineAgent({
          name: definition.id,
          model: resolve(modelName),
          system: definition.system,
          tools,
          ...(temperature === undefined ? {} : { temperature }),
          ...(definition.maxTokens === undefined ? {} : { maxTokens: definition.maxTokens }),
          ...(definition.budgetUsd === undefined ? {} : { budget: definition.budgetUsd }),
          policies:
            fallbackModels === undefined ? definition.policies : { ...definition.policies, fallbackModels },
        }),
        definition.skills,
      ),
    );
  }
  return agents;
}
