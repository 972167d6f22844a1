import type { AgentEnvironment } from '../../agent/agent-environment.ts';
import type { AgentResult } from '../../agent/agent-result.ts';
import type { Agent } from '../../agent/define-agent.ts';
import { ProcessExited } from '../../errors/process-errors.ts';
import { callerTraceContext } from '../../observe/tracing/process-spans.ts';
import {
  type AgentProcessOptions,
  type AgentRequestMessage,
  agentProcess,
} from '../../runtime/agent-process/agent-process.ts';
import type { ExitReason } from '../../runtime/process/exit-reason.ts';
import type { Pid } from '../../runtime/process/pid.ts';
import type { ProcessRuntime } from '../../runtime/process/process-runtime.ts';
import type { ChildSpec, ChildStatus } from '../../runtime/supervisor/child-spec.ts';
import { startChild, startSupervisor, whichChildren } from '../../runtime/supervisor/supervisor-calls.ts';
import type { WorkflowDocument } from '../document/workflow-document.ts';
import { historyBounder } from '../memory/summarize-history.ts';
import { AgentStopped } from './agent-stopped.ts';
import type { AgentInvoker } from './workflow-result.ts';

/** Options of {@link superviseAgents}. */
export interface SuperviseAgentsOptions {
  readonly processes: ProcessRuntime;
  readonly environment: AgentEnvironment;
  readonly onAgentResult?: (agent: string, result: AgentResult) => void;
}

/** A workflow's agents running as supervised processes. */
export interface SupervisedAgents {
  readonly invoke: AgentInvoker;
  /** The workflow's supervisor: every agent process is its child. */
  readonly root: Pid;
}

const WAIT = { timeoutMs: Number.POSITIVE_INFINITY } as const;

/**
 * Starts one supervisor for a workflow run with every agent as a child process that owns the agent's
 * conversation, each under its own resolved `supervision:` policy (strategy, restart type, intensity,
 * backoff, escalation). A step's request is a `call` to the agent's process. When the process crashes
 * on it, the supervisor decides: restarted (after its backoff) → the request goes to the new process,
 * which starts a fresh conversation; stopped (`strategy: stop`) → the step fails with `AgentStopped`;
 * the supervisor gave up (intensity exceeded, or `escalate`) → the step and the run fail with its
 * `SupervisorGaveUp`. An agent with no `supervision:` anywhere is not restarted: the step fails with
 * its error, and the next request to it starts a fresh process.
 *
 * @example
 * const { invoke } = superviseAgents(document, agents, { processes, environment: runtime.environment });
 * await runWorkflow(document, { inputs, invokeAgent: invoke });
 */
export function superviseAgents(
  document: WorkflowDocument,
  agents: ReadonlyMap<string, Agent>,
  options: SuperviseAgentsOptions,
): SupervisedAgents {
  const { processes } = options;
  const unsupervised = new Set<string>();
  const specs = new Map<string, ChildSpec>();
  for (const [id, agent] of agents) {
    const definition = document.agents.get(id);
    const declared =
      document.settings.supervision !== undefined ||
      (definition !== undefined && 'supervision' in definition.fieldSpans);
    if (!declared) unsupervised.add(id);
    const policy = definition?.supervision;
    specs.set(id, {
      id,
      start: agentProcess(agent, {
        environment: options.environment,
        // Not restarted: a failing call from a concurrent branch fails alone, not its siblings in flight.
        ...(declared ? {} : { isolatedFailures: 'caller' as const }),
        ...(definition?.memory?.history === 'none' ? { history: 'none' as const } : {}),
        ...withPrepareHistory(
          historyBounder(agent, definition?.memory, {
            environment: options.environment,
            ...(options.onAgentResult === undefined
              ? {}
              : { onSummary: (result: AgentResult) => options.onAgentResult?.(id, result) }),
          }),
        ),
      }),
      restart: declared && policy !== undefined ? policy.restart : 'temporary',
      ...(declared && policy !== undefined
        ? {
            strategy: policy.strategy,
            escalate: policy.escalate,
            intensity: policy.intensity,
            ...(policy.backoff === undefined ? {} : { backoff: policy.backoff }),
          }
        : {}),
      options: { name: processName(id) },
    });
  }
  const root = startSupervisor(
    processes,
    { strategy: document.settings.supervision?.strategy ?? 'one_for_one', children: [...specs.values()] },
    { name: 'workflow' },
  );
  const lastFailure = new Map<string, ExitReason>();

  const invoke: AgentInvoker = async ({
    agent: id,
    message,
    signal,
    budget,
    policies,
    timeoutMs,
    journal,
    fresh,
    branch,
  }) => {
    const base: AgentRequestMessage = {
      input: message,
      ...(fresh === true ? { fresh } : {}),
      // A concurrent branch's call starts from the conversation as it was and leaves it unchanged.
      ...(branch === undefined ? {} : { isolated: true }),
      ...(budget === undefined ? {} : { budget }),
      ...(policies === undefined ? {} : { policies }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...callerTraceContext(),
    };
    // Each delivery after a restart is a new agent run: its calls get their own journal keys.
    let deliveries = 0;
    for (;;) {
      signal.throwIfAborted();
      const pid = processes.whereis(processName(id));
      if (pid === undefined) {
        const status = await childStatus(id, signal);
        if (status?.state === 'running') continue;
        if (status?.state === 'restarting') {
          await restarted(id, signal);
          continue;
        }
        const spec = specs.get(id);
        if (!unsupervised.has(id) || spec === undefined) throw new AgentStopped(id, lastFailure.get(id));
        await startChild(processes, root, spec, { ...WAIT, signal });
        continue;
      }
      const request: AgentRequestMessage =
        journal === undefined
          ? base
          : {
              ...base,
              journal: { ...journal, key: deliveries === 0 ? journal.key : `${journal.key}~${deliveries}` },
            };
      deliveries += 1;
      try {
        const result = await processes.call<AgentResult>(pid, request, { ...WAIT, signal });
        options.onAgentResult?.(id, result);
        return { text: result.text, usage: result.usage, cost: result.cost, calls: result.modelCalls };
      } catch (error) {
        if (!(error instanceof ProcessExited) || error.process.id !== pid.id) throw error;
        lastFailure.set(id, error.reason);
        if (unsupervised.has(id)) throw error.reason instanceof Error ? error.reason : error;
        // The supervisor's mailbox is in order: it handles the agent's exit before this question.
        const status = await childStatus(id, signal);
        if (status === undefined || status.state === 'stopped') throw new AgentStopped(id, error.reason);
      }
    }
  };

  /** The agent's entry in the supervisor, undefined once removed; throws the supervisor's reason if it ended. */
  const childStatus = async (id: string, signal: AbortSignal): Promise<ChildStatus | undefined> => {
    try {
      return (await whichChildren(processes, root, { ...WAIT, signal })).find((child) => child.id === id);
    } catch (error) {
      if (error instanceof ProcessExited && error.process.id === root.id && error.reason instanceof Error)
        throw error.reason;
      throw error;
    }
  };

  /** Resolves once the agent has been restarted; rejects with the supervisor's reason if it ends first. */
  const restarted = (id: string, signal: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      let settled = false;
      const cleanups: (() => void)[] = [];
      const finish = (error?: unknown): void => {
        if (settled) return;
        settled = true;
        for (const cleanup of cleanups) cleanup();
        if (error === undefined) resolve();
        else reject(error);
      };
      cleanups.push(
        processes.on((event) => {
          if (event.type === 'process-restart' && event.supervisor === root.id && event.child === id)
            finish();
        }),
      );
      const onAbort = (): void => finish(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => signal.removeEventListener('abort', onAbort));
      cleanups.push(
        processes.onExit(root, (reason) =>
          finish(reason instanceof Error ? reason : new AgentStopped(id, reason)),
        ),
      );
      if (settled) for (const cleanup of cleanups) cleanup();
    });

  return { invoke, root };
}

function withPrepareHistory(
  prepareHistory: AgentProcessOptions['prepareHistory'],
): Pick<AgentProcessOptions, 'prepareHistory'> {
  return prepareHistory === undefined ? {} : { prepareHistory };
}

/** The registered name of an agent's process. */
export const processName = (agent: string): string => `agent:${agent}`;

/**
 * Whether the agent has a `supervision:` block, its own or the settings' default. Agents without one are
 * not restarted, and a front door need not report their stop as a supervision event.
 *
 * @example
 * if (hasSupervision(document, event.child)) console.error(formatSupervisionEvent(event, options));
 */
export function hasSupervision(document: WorkflowDocument, agent: string): boolean {
  const definition = document.agents.get(agent);
  return (
    document.settings.supervision !== undefined ||
    (definition !== undefined && 'supervision' in definition.fieldSpans)
  );
}
