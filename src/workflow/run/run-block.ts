import type { BudgetScope } from '../../policy/budget/budget-scope.ts';
import type { Clock } from '../../spec/clock.ts';
import type { CheckpointJournal } from '../../spec/effect-journal.ts';
import type { Step } from '../document/step.ts';
import type { WorkflowDefinition } from '../document/workflow-definition.ts';
import type { WorkflowDocument } from '../document/workflow-document.ts';
import { kindOf } from '../steps/kind-of.ts';
import type { RunState } from './run-state.ts';
import type { StepExecution } from './step-execution.ts';
import type { StepSources } from './step-sources.ts';
import type { WorkflowMemory } from './workflow-memory.ts';
import type { AgentInvoker, StepRecord, StepStart } from './workflow-result.ts';

/** What every block of one run shares: the run's state, its services, and where records go. */
export interface BlockRun {
  readonly document: WorkflowDocument;
  readonly workflow: WorkflowDefinition;
  readonly signal: AbortSignal;
  readonly invokeAgent: AgentInvoker;
  readonly clock: Pick<Clock, 'now'>;
  readonly state: RunState;
  readonly sources?: StepSources;
  readonly budget?: BudgetScope;
  readonly memory?: WorkflowMemory;
  readonly journal?: { readonly journal: CheckpointJournal; readonly runId: string };
  readonly records: StepRecord[];
  readonly onStepStart?: (step: StepStart) => void;
  readonly onStepEnd?: (record: StepRecord) => void;
}

/**
 * Runs a list of steps in order through the step-kind table: the workflow's own (`prefix` absent, keys
 * `step-<i>`) or a block nested in a step (keys `<prefix>/<i>`, like `step-3/for/2/0`). Each step is
 * announced, checkpointed in the journal under its key, and recorded; `signal` is checked before each.
 * Gives the last step's value, `null` when the list is empty.
 *
 * @example
 * const last = await runBlock(run, workflow.steps);
 * await runBlock(run, step.then, 'step-3/then');
 */
export async function runBlock(run: BlockRun, steps: readonly Step[], prefix?: string): Promise<unknown> {
  let lastValue: unknown = null;
  for (const step of steps) {
    run.signal.throwIfAborted();
    const key = prefix === undefined ? `step-${step.index}` : `${prefix}/${step.index}`;
    const nested = prefix === undefined ? {} : { key };
    run.onStepStart?.({ ...describeStep(step), ...nested });
    const startedAt = run.clock.now();
    // In a durable run, `now`, `date` and `time` read the step's recorded start, and `random` is derived
    // from the run and the step: a resumed or replayed step sees the values the first execution saw.
    const stepStart = run.journal?.journal.recordedStartOf(key) ?? startedAt;
    run.sources?.enterStep(key, stepStart);
    const outcome = await kindOf(step).execute(step, execution(run, step, key));
    await run.journal?.journal.checkpoint(key, 'step', outcome.value ?? null, stepStart);
    if (step.id !== undefined) run.state.recordStepOutput(step.id.value, outcome.value);
    const record = {
      index: step.index,
      ...nested,
      ...(step.id === undefined ? {} : { id: step.id.value }),
      durationMs: run.clock.now() - startedAt,
      ...outcome.details,
    } as StepRecord;
    run.records.push(record);
    run.onStepEnd?.(record);
    lastValue = outcome.value;
  }
  return lastValue;
}

function execution(run: BlockRun, step: Step, key: string): StepExecution {
  const state = run.state;
  return {
    document: run.document,
    workflow: run.workflow,
    signal: run.signal,
    invokeAgent: run.invokeAgent,
    ...(run.budget === undefined ? {} : { budget: run.budget }),
    ...(run.memory === undefined ? {} : { memory: run.memory }),
    ...(run.journal === undefined ? {} : { journal: { ...run.journal, key } }),
    scope: state.scope,
    evaluate: (value) => state.evaluate(value),
    evaluateText: (template) => state.evaluateText(template, step.span),
    assign: (name, value) => state.assign(name, value),
    runBlock: async (steps, path) => {
      const value = await runBlock(run, steps, `${key}/${path}`);
      // The clock and random built-ins of the rest of this step read its own position again.
      run.sources?.enterStep(key, run.journal?.journal.recordedStartOf(key) ?? run.clock.now());
      return value;
    },
    bind: (name, value) => state.bind(name, value),
  };
}

function describeStep(step: Step): StepStart {
  return {
    index: step.index,
    kind: step.kind,
    ...(step.id === undefined ? {} : { id: step.id.value }),
    ...(step.kind === 'agent' ? { agent: step.agent } : {}),
    ...(step.kind === 'agent' && step.description !== undefined ? { description: step.description } : {}),
  };
}
