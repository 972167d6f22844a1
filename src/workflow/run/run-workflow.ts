import type { BudgetScope } from '../../policy/budget/budget-scope.ts';
import { type Clock, systemClock } from '../../spec/clock.ts';
import type { CheckpointJournal } from '../../spec/effect-journal.ts';
import type { Step } from '../document/step.ts';
import type { WorkflowDocument } from '../document/workflow-document.ts';
import { resolveInputs } from './resolve-inputs.ts';
import { runBlock } from './run-block.ts';
import { RunState } from './run-state.ts';
import { selectWorkflow } from './select-workflow.ts';
import { StepSources } from './step-sources.ts';
import type { WorkflowMemory } from './workflow-memory.ts';
import type { AgentInvoker, StepRecord, StepStart, WorkflowResult } from './workflow-result.ts';

/** Options of {@link runWorkflow}. */
export interface RunWorkflowOptions {
  /** Which workflow; optional when the file has exactly one. */
  readonly workflow?: string;
  /** Input values by name; text (from a command line) is coerced to the declared type. */
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly invokeAgent: AgentInvoker;
  /** Ends the run between steps, and is passed to every agent call. */
  readonly signal?: AbortSignal;
  readonly onStepStart?: (step: StepStart) => void;
  readonly onStepEnd?: (record: StepRecord) => void;
  readonly clock?: Pick<Clock, 'now'>;
  /**
   * The run's budget scope: each agent step's calls are held in a child `step:<label>` of it (limited by
   * the step's `budget:`), and within that in the agent's scope.
   */
  readonly budget?: BudgetScope;
  /**
   * Makes the run durable: agent steps journal their model and tool calls under `step-<index>`, and
   * each step's value is checkpointed, so a resumed run skips finished work and a replay finds the first
   * step that diverged.
   */
  readonly journal?: { readonly journal: CheckpointJournal; readonly runId: string };
  /**
   * Persistent memory for `remember` and `recall` steps; without it they fail with `no_memory`. In a
   * durable run their reads and writes are journaled, so a resume or replay sees the recorded values.
   */
  readonly memory?: WorkflowMemory;
}

const neverAborted = new AbortController().signal;

/**
 * Runs one workflow of a loaded document: picks the workflow, checks the inputs before the first
 * step, runs the steps in order through the step-kind table, checking `signal` between steps, then
 * renders `output` (or returns the last step's value).
 *
 * @example
 * const result = await runWorkflow(document, {
 *   inputs: { task: 'a CSV parser' },
 *   invokeAgent: async ({ agent, message }) => ({ text: `${agent} did ${message}`, usage, cost }),
 * });
 * console.log(result.output);
 */
export async function runWorkflow(
  document: WorkflowDocument,
  options: RunWorkflowOptions,
): Promise<WorkflowResult> {
  const signal = options.signal ?? neverAborted;
  const clock = options.clock ?? systemClock;
  const workflow = selectWorkflow(document, options.workflow);
  const sources = options.journal === undefined ? undefined : new StepSources(options.journal.runId);
  const state = new RunState(document, workflow, resolveInputs(document, workflow, options.inputs), sources);
  const records: StepRecord[] = [];
  const lastValue = await runBlock(
    {
      document,
      workflow,
      signal,
      invokeAgent: options.invokeAgent,
      clock,
      state,
      records,
      ...(sources === undefined ? {} : { sources }),
      ...(options.budget === undefined ? {} : { budget: options.budget }),
      ...(options.memory === undefined ? {} : { memory: options.memory }),
      ...(options.journal === undefined ? {} : { journal: options.journal }),
      ...(options.onStepStart === undefined ? {} : { onStepStart: options.onStepStart }),
      ...(options.onStepEnd === undefined ? {} : { onStepEnd: options.onStepEnd }),
    },
    workflow.steps,
  );
  signal.throwIfAborted();
  const output = workflow.output === undefined ? lastValue : state.evaluate(workflow.output);
  return { output, variables: state.variables(), steps: records };
}

/** A step's position in the run's journal: `step-<index>` (0-based). */
export function stepKey(step: Pick<Step, 'index'>): string {
  return `step-${step.index}`;
}
