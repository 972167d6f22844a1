import { AgentTimeout } from '../errors/agent-timeout.ts';
import { agentSpanAttributes, recordAgentResult } from '../observe/tracing/agent-span.ts';
import { inSpan } from '../observe/tracing/in-span.ts';
import type { BudgetScope } from '../policy/budget/budget-scope.ts';
import type { CallPolicies } from '../policy/policy-options.ts';
import type { JournalPosition } from '../spec/effect-journal.ts';
import type { ModelMessage } from '../spec/model.ts';
import type { AgentConfig } from './agent-config.ts';
import type { AgentEnvironment } from './agent-environment.ts';
import { getDefaultAgentEnvironment } from './agent-environment.ts';
import type { AgentResult } from './agent-result.ts';
import { AgentStream } from './agent-stream.ts';
import type { AgentInput } from './initial-messages.ts';
import { initialMessages } from './initial-messages.ts';
import { type PreparedAgent, prepareAgent } from './prepared-agent.ts';
import { runAgentLoop } from './run-agent-loop.ts';
import { RunState } from './run-state.ts';
import { streamAgentLoop } from './stream-agent-loop.ts';

/** Options of one agent run. */
export interface AgentRunOptions {
  /** Cancels the run: the model call in flight and running tools see it. */
  readonly signal?: AbortSignal;
  /** Earlier conversation to continue (for instance `previous.messages`). */
  readonly history?: readonly ModelMessage[];
  /** Model registry and prices; defaults to the runtime installed by `vega-agents`. */
  readonly environment?: AgentEnvironment;
  /** Told when each turn (a model call and the tools it asked for) has ended: progress, for watchdogs. */
  readonly onTurnEnd?: (turn: number) => void;
  /**
   * The budget scope this run is charged to (a workflow step's, say); default the runtime's root budget.
   * The run holds its calls in a child scope `agent:<name>`, limited by the agent's own `budget`.
   */
  readonly budget?: BudgetScope;
  /** Policies for this run's calls, over the agent's own (a step's `retry` or `fallback_models`, say). */
  readonly policies?: CallPolicies;
  /** Bound on the whole run, on the environment's clock: then it is aborted with {@link AgentTimeout}. */
  readonly timeoutMs?: number;
  /**
   * Journals the run's model and tool calls (inside a durable run: `ctx.agent`, a workflow step): a
   * resumed run gets recorded calls back without calling again.
   */
  readonly journal?: JournalPosition;
}

/** An agent: a model, a system prompt and tools, run as a tool loop. */
export interface Agent<Output = string> {
  readonly name: string;
  readonly config: AgentConfig<Output>;
  /** Runs the tool loop to its end and returns the result. */
  run(input: AgentInput, options?: AgentRunOptions): Promise<AgentResult<Output>>;
  /** Runs the tool loop, yielding typed parts as they happen. */
  stream(input: AgentInput, options?: AgentRunOptions): AgentStream<Output>;
}

const NEVER_ABORTED = new AbortController().signal;

/**
 * Declares an agent. Running it calls the model, executes the tools it asks for (concurrently when it
 * asks for several), returns their results to it, and repeats until it answers without tools or reaches
 * `maxTurns`.
 *
 * @example
 * const assistant = defineAgent({
 *   name: 'assistant',
 *   model: 'claude-sonnet-4-5',
 *   system: 'You answer briefly.',
 *   tools: [weather],
 * });
 * const { text, cost } = await assistant.run('Weather in Paris?');
 */
export function defineAgent<Output = string>(config: AgentConfig<Output>): Agent<Output> {
  const start = (input: AgentInput, options: AgentRunOptions) => {
    const environment = options.environment ?? getDefaultAgentEnvironment();
    const agent = prepareAgent(config, environment, options);
    const state = new RunState(initialMessages(config.system, options.history, input));
    return { agent, state, signal: options.signal ?? NEVER_ABORTED };
  };
  return {
    name: config.name,
    config,
    async run(input, options = {}) {
      const { agent, state, signal } = start(input, options);
      return inSpan(
        `invoke_agent ${agent.name}`,
        () => agentSpanAttributes(agent),
        async (span) => {
          const deadline = withDeadline(signal, options.timeoutMs, agent);
          try {
            const result = await runAgentLoop(agent, state, deadline.signal, options.onTurnEnd);
            recordAgentResult(span, result);
            return result;
          } finally {
            deadline.dispose();
          }
        },
      );
    },
    stream(input, options = {}) {
      if (options.journal !== undefined) {
        throw new TypeError(
          `Agent '${config.name}': a journaled (durable) run cannot stream yet; use agent.run (ctx.agent does).`,
        );
      }
      const { agent, state, signal } = start(input, options);
      const deadline = withDeadline(signal, options.timeoutMs, agent);
      return new AgentStream(
        disposing(streamAgentLoop(agent, state, deadline.signal, options.onTurnEnd), deadline),
      );
    },
  };
}

/** The run's signal with its deadline: aborted with `AgentTimeout` when the time is up. */
function withDeadline<Output>(
  signal: AbortSignal,
  timeoutMs: number | undefined,
  agent: PreparedAgent<Output>,
): { signal: AbortSignal; dispose(): void } {
  if (timeoutMs === undefined) return { signal, dispose: () => {} };
  const { clock } = agent.environment;
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal.reason);
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  const timer = clock.setTimeout(() => controller.abort(new AgentTimeout(agent.name, timeoutMs)), timeoutMs);
  return {
    signal: controller.signal,
    dispose() {
      clock.clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    },
  };
}

async function* disposing<Part, Result>(
  parts: AsyncGenerator<Part, Result>,
  resource: { dispose(): void },
): AsyncGenerator<Part, Result> {
  try {
    return yield* parts;
  } finally {
    resource.dispose();
  }
}
