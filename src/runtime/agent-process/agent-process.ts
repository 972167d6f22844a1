import type { Context } from '@opentelemetry/api';
import type { AgentEnvironment } from '../../agent/agent-environment.ts';
import type { AgentResult } from '../../agent/agent-result.ts';
import type { Agent } from '../../agent/define-agent.ts';
import type { AgentInput } from '../../agent/initial-messages.ts';
import { inTraceContext } from '../../observe/tracing/process-spans.ts';
import type { BudgetScope } from '../../policy/budget/budget-scope.ts';
import type { CallPolicies } from '../../policy/policy-options.ts';
import type { JournalPosition } from '../../spec/effect-journal.ts';
import type { ModelMessage } from '../../spec/model.ts';
import type { Server } from '../process/behaviour.ts';
import { replyLater } from '../process/deferred-reply.ts';
import type { Self } from '../process/self.ts';
import { AgentUnhealthy, type HealthProblem } from './agent-unhealthy.ts';

/**
 * A health monitor's limits. A flagged agent gets an `agent-health` event; with `action: 'kill'` its
 * process also ends with {@link AgentUnhealthy}, so its supervisor's strategy applies.
 */
export interface AgentHealthOptions {
  /** No turn ended for this long while a request was being handled: `stalled`. */
  readonly stallMs?: number;
  /** More turns than this in one incarnation of the process: `iteration-limit`. */
  readonly maxIterations?: number;
  /** The same error this many times in a row, across restarts: `error-loop`. Default 3. */
  readonly errorRepeats?: number;
  /** `flag` (default): report only. `kill`: report and end the process. */
  readonly action?: 'flag' | 'kill';
}

/** Options of {@link agentProcess}. */
export interface AgentProcessOptions {
  /** Models and prices; default the runtime installed by `vega-agents`. */
  readonly environment?: AgentEnvironment;
  /**
   * `fresh` (default): a restarted process starts an empty conversation, as a crash may have left the
   * old one inconsistent. `persistent`: it continues from the last request that completed.
   */
  readonly memory?: 'fresh' | 'persistent';
  /** `conversation` (default): each request continues the conversation. `none`: each starts empty. */
  readonly history?: 'conversation' | 'none';
  readonly health?: AgentHealthOptions;
  /**
   * What a failing isolated request does. `crash` (default): the process crashes, as for any request,
   * so its supervisor decides (the other requests in flight end with it, and are delivered again to a
   * restarted process). `caller`: only that request fails, with the error; the process and the other
   * requests in flight go on — for an agent nothing restarts, whose concurrent calls are independent.
   */
  readonly isolatedFailures?: 'crash' | 'caller';
  /**
   * Prepares the conversation a request continues (bounds it, say, as a workflow agent's `memory:`
   * asks); told the request's signal, budget and journal position.
   */
  readonly prepareHistory?: (
    messages: readonly ModelMessage[],
    request: { signal: AbortSignal; budget?: BudgetScope; journal?: JournalPosition },
  ) => Promise<readonly ModelMessage[]>;
}

/**
 * A request to an agent process with more than the input: the budget scope its calls are held in and
 * policies over the agent's own (what a workflow step adds).
 */
export interface AgentRequestMessage {
  readonly input: AgentInput;
  readonly budget?: BudgetScope;
  readonly policies?: CallPolicies;
  /** Bound on the run for this request; past it the run fails with `AgentTimeout` (and the process with it). */
  readonly timeoutMs?: number;
  /** Where the run's model and tool calls are journaled, inside a durable run. */
  readonly journal?: JournalPosition;
  /** The caller's trace context: the request's spans are children of the caller's span. */
  readonly traceContext?: Context;
  /** Start this request from an empty conversation (which the following requests then continue). */
  readonly fresh?: boolean;
  /**
   * Continue the conversation but leave it as it was: the request's turns are not kept. What a
   * concurrent workflow branch asks, so that branches cannot interleave their turns.
   */
  readonly isolated?: boolean;
}

/** What an agent process keeps: its conversation and how many turns this incarnation has run. */
export interface AgentProcessState {
  messages: readonly ModelMessage[];
  turns: number;
}

/**
 * An agent as a server process that owns its conversation: each `call` with an input runs the agent on
 * it (continuing the conversation) and replies with the `AgentResult`. A failure the agent cannot
 * absorb (a model error after retries, a tool throwing `AgentCrash`) crashes the process, so the
 * supervisor's strategy decides what happens next; the caller's `call` rejects with `ProcessExited`,
 * whose `cause` is the error. The returned server is meant to be reused as a child's `start`: it keeps,
 * across restarts, the persistent memory and the error history the health monitor needs.
 *
 * @example
 * const root = startSupervisor(runtime, {
 *   strategy: 'restart',
 *   maxRestarts: 3,
 *   windowMs: 60_000,
 *   children: [{ id: 'writer', start: agentProcess(writer, { health: { stallMs: 120_000 } }), options: { name: 'writer' } }],
 * });
 * const result = await askAgent(runtime, 'writer', 'Draft the release notes.');
 */
export function agentProcess<Output>(
  agent: Agent<Output>,
  options: AgentProcessOptions = {},
): Server<AgentProcessState, never, AgentInput | AgentRequestMessage, AgentResult<Output>> {
  const memory: { messages: readonly ModelMessage[] } = { messages: [] };
  const errors: { signature: string | undefined; count: number } = { signature: undefined, count: 0 };
  const health = options.health ?? {};
  const flag = (self: Self, problem: HealthProblem, detail: string): void => {
    self.runtime.emit({
      type: 'agent-health',
      at: self.runtime.clock.now(),
      pid: self.id,
      agent: agent.name,
      problem,
      detail,
    });
    if (health.action === 'kill') self.exit(new AgentUnhealthy(agent.name, problem, detail));
  };
  return {
    init: () => ({ messages: options.memory === 'persistent' ? memory.messages : [], turns: 0 }),
    reply(state, request, self) {
      // An isolated request leaves the conversation as it is, so the process answers it later and goes
      // on with its mailbox: concurrent branches to one agent run at the same time.
      const answer = answerRequest(state, request, self);
      return isRequestMessage(request) && request.isolated === true
        ? replyLater(answer, { failCallOnly: options.isolatedFailures === 'caller' })
        : answer;
    },
  };

  async function answerRequest(
    state: AgentProcessState,
    request: AgentInput | AgentRequestMessage,
    self: Self,
  ): Promise<AgentResult<Output>> {
    const { input, budget, policies, timeoutMs, journal, fresh, isolated, traceContext } = isRequestMessage(
      request,
    )
      ? request
      : { input: request };
    const kept =
      options.history === 'none' || fresh === true || state.messages.length === 0
        ? undefined
        : state.messages;
    const processJournal = journal === undefined ? undefined : { ...journal, processId: String(self.id) };
    const history =
      kept === undefined || options.prepareHistory === undefined
        ? kept
        : await options.prepareHistory(kept, {
            signal: self.signal,
            ...(budget === undefined ? {} : { budget }),
            ...(processJournal === undefined ? {} : { journal: processJournal }),
          });
    let watchdog: object | undefined;
    const disarm = (): void => {
      if (watchdog !== undefined) self.runtime.clearTimer(watchdog);
      watchdog = undefined;
    };
    const arm = (): void => {
      // An ended process has nothing left to watch, even while a tool that ignores its signal runs on.
      if (health.stallMs === undefined || self.signal.aborted) return;
      disarm();
      const stallMs = health.stallMs;
      watchdog = self.runtime.setTimer(() => {
        watchdog = undefined;
        flag(self, 'stalled', `no turn ended within ${stallMs} ms`);
      }, stallMs);
    };
    self.signal.addEventListener('abort', disarm, { once: true });
    arm();
    try {
      const result = await inTraceContext(traceContext, () =>
        agent.run(input, {
          signal: self.signal,
          ...(options.environment === undefined ? {} : { environment: options.environment }),
          ...(budget === undefined ? {} : { budget }),
          ...(policies === undefined ? {} : { policies }),
          ...(timeoutMs === undefined ? {} : { timeoutMs }),
          ...(processJournal === undefined ? {} : { journal: processJournal }),
          ...(history === undefined ? {} : { history }),
          onTurnEnd: () => {
            state.turns++;
            arm();
            if (health.maxIterations !== undefined && state.turns === health.maxIterations + 1) {
              flag(self, 'iteration-limit', `more than ${health.maxIterations} turns`);
            }
          },
        }),
      );
      if (isolated !== true) {
        state.messages = result.messages;
        memory.messages = result.messages;
      }
      errors.signature = undefined;
      errors.count = 0;
      return result;
    } catch (error) {
      if (!self.signal.aborted) {
        const signature = signatureOf(error);
        errors.count = signature === errors.signature ? errors.count + 1 : 1;
        errors.signature = signature;
        if (errors.count === (health.errorRepeats ?? 3)) {
          flag(self, 'error-loop', `the same error ${errors.count} times in a row: ${messageOf(error)}`);
        }
      }
      throw error;
    } finally {
      self.signal.removeEventListener('abort', disarm);
      disarm();
    }
  }
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Errors with the same class, code and message count as the same. */
function signatureOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const name = error instanceof Error ? error.name : typeof error;
  return `${name}|${typeof code === 'string' ? code : ''}|${messageOf(error)}`;
}

function isRequestMessage(request: AgentInput | AgentRequestMessage): request is AgentRequestMessage {
  return typeof request === 'object' && !Array.isArray(request) && 'input' in request;
}
