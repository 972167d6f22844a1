import type { ModelCallRecord } from '../../agent/agent-result.ts';
import type { BudgetScope } from '../../policy/budget/budget-scope.ts';
import type { CallPolicies } from '../../policy/policy-options.ts';
import type { Cost } from '../../spec/cost.ts';
import type { JournalPosition } from '../../spec/effect-journal.ts';
import type { Usage } from '../../spec/usage.ts';
import type { StepKindName } from '../document/step.ts';

/** Which step an agent call is for. `index` is 0-based in the workflow's `steps`. */
export interface StepReference {
  readonly index: number;
  readonly id?: string;
  readonly description?: string;
}

/** One message for one agent, from one step. */
export interface AgentRequest {
  readonly agent: string;
  readonly message: string;
  readonly step: StepReference;
  readonly signal: AbortSignal;
  /** The step's budget scope: the agent's calls are held in it. */
  readonly budget?: BudgetScope;
  /** The step's own policies (`retry`, `rate_limit`, `circuit_breaker`, `fallback_models`), over the agent's. */
  readonly policies?: CallPolicies;
  /** The step's `timeout:`: bound on the agent's whole run for this step. */
  readonly timeoutMs?: number;
  /** In a durable run: where the agent's calls for this step are journaled. */
  readonly journal?: JournalPosition;
  /**
   * Set when the call is made from a concurrent branch (`parallel`, a `for` with `concurrency`): the
   * branch's key. Such a call starts from the agent's conversation as it was before the concurrent step
   * and leaves that conversation unchanged, so concurrent branches cannot interleave their turns.
   */
  readonly branch?: string;
  /** `fresh: true` — start from an empty conversation, which later requests then continue. */
  readonly fresh?: boolean;
}

/** What the agent replied and what it cost. */
export interface AgentReply {
  readonly text: string;
  readonly usage: Usage;
  readonly cost: Cost;
  /** The model calls behind the reply, for the cost report. */
  readonly calls?: readonly ModelCallRecord[];
}

/**
 * Sends a message to an agent and returns its reply. The caller maps it onto real agents and keeps
 * one conversation per agent per run, so later steps to the same agent see the earlier turns.
 *
 * @example
 * const invokeAgent: AgentInvoker = async ({ agent, message, signal }) => conversations.get(agent).send(message, { signal });
 */
export type AgentInvoker = (request: AgentRequest) => Promise<AgentReply>;

/** Told before a step runs. */
export interface StepStart extends StepReference {
  readonly kind: StepKindName;
  /** For a step nested in a block: its journal position (`step-3/then/0`); `index` is then in its block. */
  readonly key?: string;
  readonly agent?: string;
}

/** What every step record has. */
export interface StepRecordBase {
  readonly index: number;
  /** For a step nested in a block: its journal position (`step-3/for/2/0`); `index` is then in its block. */
  readonly key?: string;
  readonly id?: string;
  readonly durationMs: number;
}

/** An agent step that ran: what was sent, the reply, and its usage and cost as the invoker returned them. */
export interface AgentStepRecord extends StepRecordBase {
  readonly kind: 'agent';
  readonly agent: string;
  readonly description?: string;
  readonly message: string;
  readonly text: string;
  readonly usage: Usage;
  readonly cost: Cost;
  /** The model calls the step made, as the invoker reported them. */
  readonly calls?: readonly ModelCallRecord[];
  /** Its `if:` was false: nothing was sent (`message` and `text` are empty), its value is `null`. */
  readonly skipped?: true;
  /** With `continue_on_error`, the failure the step absorbed (then `text` is empty). */
  readonly error?: StepError;
  /** The step's `timeout` fired and its `on_timeout` block gave the value. */
  readonly timedOut?: true;
  /** With `format: json`: how many times the agent was asked again after a bad reply. */
  readonly reasks?: number;
}

/** A failure as the workflow sees it in the `error` variable. */
export interface StepError {
  readonly message: string;
  /** The error's stable code when it has one (`agent_stopped`, `model_call_failed`), else its class name. */
  readonly type: string;
  /** The step's id, or its description, or its 0-based index as text. */
  readonly step: string;
}

/** A `set` step that ran, with the names it assigned. */
export interface SetStepRecord extends StepRecordBase {
  readonly kind: 'set';
  readonly names: readonly string[];
}

/** A `remember` step that ran, with the memory key it wrote (`key` is the step's journal position). */
export interface RememberStepRecord extends StepRecordBase {
  readonly kind: 'remember';
  readonly memoryKey: string;
}

/** A `recall` step that ran: the key it read, the variable it set, and whether the key was remembered. */
export interface RecallStepRecord extends StepRecordBase {
  readonly kind: 'recall';
  /** The memory key it read (`key` is the step's journal position). */
  readonly memoryKey: string;
  readonly save: string;
  /** False when nothing was remembered under the key and `save` got the default. */
  readonly found: boolean;
}

/** An `if` step that ran, with the branch it took. */
export interface IfStepRecord extends StepRecordBase {
  readonly kind: 'if';
  readonly branch: 'then' | 'else';
}

/** A `for` or `repeat` step that ran, with how many iterations it ran. */
export interface LoopStepRecord extends StepRecordBase {
  readonly kind: 'for' | 'repeat';
  readonly iterations: number;
}

/** A `parallel` step that ran, with how many branches it ran. */
export interface ParallelStepRecord extends StepRecordBase {
  readonly kind: 'parallel';
  readonly branches: number;
}

/** A `try` step that ran: whether its block failed and `catch` handled it, and the failure. */
export interface TryStepRecord extends StepRecordBase {
  readonly kind: 'try';
  readonly caught: boolean;
  /** What `catch` saw in `error`. */
  readonly error?: StepError;
}

/** A `workflow` step that ran, with the sub-workflow it ran. */
export interface WorkflowStepRecord extends StepRecordBase {
  readonly kind: 'workflow';
  readonly workflow: string;
}

/** One step that ran, by kind. */
export type StepRecord =
  | AgentStepRecord
  | SetStepRecord
  | RememberStepRecord
  | RecallStepRecord
  | IfStepRecord
  | LoopStepRecord
  | ParallelStepRecord
  | TryStepRecord
  | WorkflowStepRecord;

/** A step record without what the runner adds itself (index, id, duration). */
export type StepDetails = StepRecord extends infer R
  ? R extends StepRecord
    ? Omit<R, keyof StepRecordBase>
    : never
  : never;

/**
 * What a workflow run produced.
 *
 * @example
 * const { output, steps } = await runWorkflow(document, { inputs, invokeAgent });
 */
export interface WorkflowResult {
  /** The rendered `output`, or the last step's value when the workflow has none. */
  readonly output: unknown;
  /** Inputs and every variable saved or set, by name. */
  readonly variables: Readonly<Record<string, unknown>>;
  readonly steps: readonly StepRecord[];
}
