import { randomUUID } from 'node:crypto';
import { diagnosticAt } from '../../diagnostics/diagnostic.ts';
import { DiagnosticError } from '../../diagnostics/diagnostic-error.ts';
import { OutcomeUnknown, RunDivergence } from '../../errors/durable-errors.ts';
import type { BudgetScope } from '../../policy/budget/budget-scope.ts';
import { type Clock, systemClock } from '../../spec/clock.ts';
import type { CheckpointJournal } from '../../spec/effect-journal.ts';
import type { Step } from '../document/step.ts';
import type { WorkflowDefinition } from '../document/workflow-definition.ts';
import type { WorkflowDocument } from '../document/workflow-document.ts';
import { systemTemplateSources } from '../template/system-template-sources.ts';
import type { TemplateSources } from '../template/template-scope.ts';
import { RunCompensated } from './compensated-run-error.ts';
import { compensationMarker } from './compensation-marker.ts';
import { CompensationStack } from './compensation-stack.ts';
import { resolveInputs } from './resolve-inputs.ts';
import { ReturnSignal } from './return-signal.ts';
import { type BlockRun, runBlock } from './run-block.ts';
import { RunState } from './run-state.ts';
import { selectWorkflow } from './select-workflow.ts';
import { failedKeysOf, failedStepOf } from './step-failure.ts';
import { StepSources } from './step-sources.ts';
import type { SubWorkflowCall, WorkflowFrame } from './workflow-frame.ts';
import type { WorkflowMemory } from './workflow-memory.ts';
import type { AgentInvoker, StepRecord, StepStart, WorkflowResult } from './workflow-result.ts';
import { WorkflowRunError } from './workflow-run-error.ts';
import { WorkflowStepError } from './workflow-step-error.ts';

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
  /**
   * The environment `env.NAME` reads (the CLI passes the command's); the process's when absent. It is
   * not journaled: a resumed or replayed run reads the environment it is given then.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * What `run.id` reads in a run without a journal; a random UUID, made once for the run, when absent.
   * A durable run's `run.id` is always its journal's `runId`.
   */
  readonly runId?: string;
}

/** How deep `workflow:` steps nest when `settings.max_depth` does not say. */
export const DEFAULT_MAX_DEPTH = 20;

const neverAborted = new AbortController().signal;

/** What every workflow of one run shares (the run's own and its sub-workflows). */
type SharedRun = Omit<BlockRun, 'workflow' | 'state' | 'frame'> & {
  readonly maxDepth: number;
  /** The built-ins' sources every workflow's variables start with (`sources` in a durable run). */
  readonly templateSources: TemplateSources;
};

/**
 * Runs one workflow of a loaded document: picks the workflow, checks the inputs before the first
 * step, runs the steps in order through the step-kind table, checking `signal` between steps, then
 * renders `output` (or returns the last step's value). A `return` step ends it early with its value
 * (`output` is then not rendered); a failure nothing catches first runs the compensations of the
 * completed steps, newest first. `workflow:` steps run other workflows of the document the same way,
 * each with its own variables and compensations, nested at most `settings.max_depth` deep.
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
  const workflow = selectWorkflow(document, options.workflow);
  const env = options.env ?? process.env;
  const sources = options.journal === undefined ? undefined : new StepSources(options.journal.runId, env);
  const inputs = resolveInputs(document, workflow, options.inputs);
  const records: StepRecord[] = [];
  const shared: SharedRun = {
    document,
    signal,
    invokeAgent: options.invokeAgent,
    clock: options.clock ?? systemClock,
    records,
    maxDepth: document.settings.maxDepth ?? DEFAULT_MAX_DEPTH,
    templateSources: sources ?? systemTemplateSources(env, options.runId ?? randomUUID()),
    ...(sources === undefined ? {} : { sources }),
    ...(options.budget === undefined ? {} : { budget: options.budget }),
    ...(options.memory === undefined ? {} : { memory: options.memory }),
    ...(options.journal === undefined ? {} : { journal: options.journal }),
    ...(options.onStepStart === undefined ? {} : { onStepStart: options.onStepStart }),
    ...(options.onStepEnd === undefined ? {} : { onStepEnd: options.onStepEnd }),
  };
  const { output, state } = await runFrame(shared, workflow, inputs, [workflow.name], undefined);
  return { output, variables: state.variables(), steps: records };
}

/** A step's position in the run's journal: `step-<index>` (0-based). */
export function stepKey(step: Pick<Step, 'index'>): string {
  return `step-${step.index}`;
}

/** Runs one workflow (the run's own, or a sub-workflow at `prefix`) with its own variables. */
async function runFrame(
  shared: SharedRun,
  workflow: WorkflowDefinition,
  inputs: ReadonlyMap<string, unknown>,
  chain: readonly string[],
  prefix: string | undefined,
): Promise<{ output: unknown; state: RunState }> {
  const state = new RunState(shared.document, workflow, inputs, shared.templateSources);
  const compensations = new CompensationStack();
  const marker =
    shared.journal === undefined ? undefined : compensationMarker(shared.journal.journal, prefix);
  // In a resumed run: the step of this workflow whose failure an earlier execution compensated.
  const compensatedAt = await marker?.recorded();
  const frame: WorkflowFrame = {
    chain,
    stepCompleted: (step, key, scope) => {
      if (step.compensate !== undefined)
        compensations.push({ steps: step.compensate, key, scope: new Map(scope) });
      if (key === compensatedAt) throw new RunCompensated(key);
    },
    runWorkflow: (call) => runSubWorkflow(shared, chain, call),
  };
  const run: BlockRun = { ...shared, workflow, state, frame };
  let lastValue: unknown;
  try {
    lastValue = await runBlock(run, workflow.steps, prefix);
  } catch (thrown) {
    if (ReturnSignal.isReturnSignal(thrown)) return { output: thrown.value, state };
    if (!shared.signal.aborted && compensations.size > 0) {
      const failedKey = failedKeysOf(thrown).find((key) => isOwnStepKey(key, prefix));
      if (failedKey !== undefined) await marker?.record(failedKey);
      // Compensating steps leave no compensations of their own.
      const compensating: BlockRun = { ...run, frame: { ...frame, stepCompleted: () => {} } };
      await compensations.unwind(thrown, shared.signal, async (compensation) => {
        // Variables keep their values now; names bound only then (loop variables) come back.
        const restores = [...(compensation.scope ?? [])]
          .filter(([name]) => !state.scope.has(name))
          .map(([name, value]) => state.bind(name, value));
        try {
          return await runBlock(compensating, compensation.steps, `${compensation.key}/compensate`);
        } finally {
          for (const restore of restores.reverse()) restore();
        }
      });
    }
    throw thrown;
  }
  shared.signal.throwIfAborted();
  const output = workflow.output === undefined ? lastValue : state.evaluate(workflow.output);
  return { output, state };
}

/** Whether `key` is one of a workflow's own steps (not nested in one): `step-2`, `<prefix>/2`. */
function isOwnStepKey(key: string, prefix: string | undefined): boolean {
  if (prefix === undefined) return /^step-\d+$/.test(key);
  return key.startsWith(`${prefix}/`) && /^\d+$/.test(key.slice(prefix.length + 1));
}

/** A `workflow:` step: checks the depth and the inputs, runs the workflow, names it in its failures. */
async function runSubWorkflow(
  shared: SharedRun,
  chain: readonly string[],
  call: SubWorkflowCall,
): Promise<unknown> {
  const { document } = shared;
  const files = new Map([[document.file, document.source]]);
  const workflow = document.workflows.get(call.workflow);
  if (workflow === undefined) {
    throw new WorkflowRunError(
      'unknown_workflow',
      diagnosticAt(call.span, 'unknown_workflow', `unknown workflow '${call.workflow}'`),
      files,
    );
  }
  const nested = [...chain, workflow.name];
  if (nested.length - 1 > shared.maxDepth) {
    throw new WorkflowRunError(
      'max_depth_exceeded',
      diagnosticAt(
        call.span,
        'max_depth_exceeded',
        `workflows nest deeper than settings.max_depth (${shared.maxDepth}): ${nested.join(' → ')}`,
        'make the recursion stop sooner (an `if` around the `workflow` step), or raise `settings.max_depth`',
      ),
      files,
    );
  }
  const inputs = resolveInputs(document, workflow, call.inputs);
  try {
    const { output } = await runFrame(shared, workflow, inputs, nested, `${call.key}/workflow`);
    return output;
  } catch (thrown) {
    throw describeFailure(thrown, workflow.name, nested, shared.signal);
  } finally {
    // The clock and random built-ins of the rest of the calling step read its own position again.
    shared.sources?.enterStep(
      call.key,
      shared.journal?.journal.recordedStartOf(call.key) ?? shared.clock.now(),
    );
  }
}

/**
 * A sub-workflow's failure as its caller sees it: wrapped to say which workflow and step failed,
 * unless it already says where it is (a diagnostic with file and line, a deeper sub-workflow's
 * failure) or is the run's own business (an abort, a journal that no longer matches).
 */
function describeFailure(
  thrown: unknown,
  workflow: string,
  chain: readonly string[],
  signal: AbortSignal,
): unknown {
  if (
    signal.aborted ||
    DiagnosticError.isDiagnosticError(thrown) ||
    WorkflowStepError.isWorkflowStepError(thrown) ||
    RunCompensated.isRunCompensated(thrown) ||
    RunDivergence.isRunDivergence(thrown) ||
    OutcomeUnknown.isOutcomeUnknown(thrown)
  )
    return thrown;
  return new WorkflowStepError(workflow, failedStepOf(thrown) ?? '?', chain, thrown);
}
