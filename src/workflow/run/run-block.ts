import { activeTracer } from '../../observe/tracing/active-tracer.ts';
import { inSpan } from '../../observe/tracing/in-span.ts';
import { stepSpanAttributes } from '../../observe/tracing/step-span-attributes.ts';
import type { BudgetScope } from '../../policy/budget/budget-scope.ts';
import type { Clock } from '../../spec/clock.ts';
import type { CheckpointJournal } from '../../spec/effect-journal.ts';
import type { Step } from '../document/step.ts';
import type { WorkflowDefinition } from '../document/workflow-definition.ts';
import type { WorkflowDocument } from '../document/workflow-document.ts';
import { kindOf } from '../steps/kind-of.ts';
import { autoParallelGroups } from './auto-parallel-groups.ts';
import type { RunState } from './run-state.ts';
import { firstFailure, settleBranches } from './settle-branches.ts';
import type { StepExecution, StepOutcome } from './step-execution.ts';
import { noteStepFailure } from './step-failure.ts';
import type { StepSources } from './step-sources.ts';
import type { WorkflowFrame } from './workflow-frame.ts';
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
  /** The workflow being run: keeps completed steps' compensations, runs sub-workflows. */
  readonly frame?: WorkflowFrame;
}

/**
 * Runs a list of steps in order through the step-kind table: the workflow's own (`prefix` absent, keys
 * `step-<i>`) or a block nested in a step (keys `<prefix>/<i>`, like `step-3/for/2/0`). Each step is
 * announced, checkpointed in the journal under its key, and recorded; `signal` is checked before each.
 * With `settings.auto_parallel`, the groups {@link autoParallelGroups} finds run concurrently, as
 * branches with the snapshot-and-merge rules of `parallel`, keyed as they would be one by one.
 * Gives the last step's value, `null` when the list is empty.
 *
 * @example
 * const last = await runBlock(run, workflow.steps);
 * await runBlock(run, step.then, 'step-3/then');
 */
export async function runBlock(run: BlockRun, steps: readonly Step[], prefix?: string): Promise<unknown> {
  let lastValue: unknown = null;
  const groups =
    run.document.settings.autoParallel === true ? autoParallelGroups(steps) : steps.map((step) => [step]);
  for (const group of groups) {
    run.signal.throwIfAborted();
    const [single] = group;
    if (group.length === 1 && single !== undefined) {
      lastValue = await runStep(run, single, prefix);
      continue;
    }
    // Keys stay `step-<i>`: a run is resumable and replayable with or without `auto_parallel`.
    const values = await runInBranches(run, group.length, {}, (index, branch) =>
      runStep(branch, group[index] as Step, prefix),
    );
    lastValue = values.at(-1) ?? null;
  }
  return lastValue;
}

/** Runs one step of a block: announced, executed, checkpointed, recorded; gives its value. */
async function runStep(run: BlockRun, step: Step, prefix: string | undefined): Promise<unknown> {
  const key = prefix === undefined ? `step-${step.index}` : `${prefix}/${step.index}`;
  if (activeTracer() === undefined) return runStepTraced(run, step, prefix, key);
  return inSpan(
    `vega.step ${step.id?.value ?? key}`,
    () => stepSpanAttributes(step, key, run.journal?.runId),
    () => runStepTraced(run, step, prefix, key),
  );
}

async function runStepTraced(
  run: BlockRun,
  step: Step,
  prefix: string | undefined,
  key: string,
): Promise<unknown> {
  const nested = prefix === undefined ? {} : { key };
  run.onStepStart?.({ ...describeStep(step), ...nested });
  const startedAt = run.clock.now();
  // In a durable run, `now`, `date` and `time` read the step's recorded start, and `random` is derived
  // from the run and the step: a resumed or replayed step sees the values the first execution saw.
  const stepStart = run.journal?.journal.recordedStartOf(key) ?? startedAt;
  run.sources?.enterStep(key, stepStart);
  let outcome: StepOutcome;
  try {
    outcome = await kindOf(step).execute(step, execution(run, step, key));
  } catch (thrown) {
    throw noteStepFailure(thrown, step, key);
  }
  await run.journal?.journal.checkpoint(key, 'step', outcome.value ?? null, stepStart);
  // Most steps register no compensation: no await (and no turn of the microtask queue) for them.
  const completed = run.frame?.stepCompleted(step, key, run.state.scope);
  if (completed !== undefined) await completed;
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
  return outcome.value;
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
    ...(run.frame === undefined ? {} : { frame: run.frame }),
    key,
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
    runBranches: (count, { path, ...options }, branch) =>
      runInBranches(
        run,
        count,
        { ...options, branchKey: (index) => `${key}/${path}/${index}` },
        (index, branchRun) => branch(index, execution(branchRun, step, key)),
      ),
  };
}

/** Options of {@link runInBranches}. */
interface ConcurrentOptions {
  readonly concurrency?: number;
  readonly failFast?: boolean;
  /** Marks the branches' agent calls (conversations of their own); absent for `auto_parallel` groups. */
  readonly branchKey?: (index: number) => string;
}

/**
 * Runs `count` branches of a run concurrently (see `StepExecution.runBranches`): each on a fork of the
 * state, with clock and random sources of its own in a durable run, its own signal, and its own list
 * of records, appended to the run's in branch order (so a run's records do not depend on timing; the
 * start and end events are live). Merges the branches before the first failing one in branch order,
 * then throws that failure; gives the branches' values in branch order.
 */
async function runInBranches(
  run: BlockRun,
  count: number,
  options: ConcurrentOptions,
  branch: (index: number, run: BlockRun) => Promise<unknown>,
): Promise<unknown[]> {
  const states: (RunState | undefined)[] = Array.from({ length: count }, () => undefined);
  const records: StepRecord[][] = Array.from({ length: count }, () => []);
  const { branchKey, ...settle } = options;
  const outcomes = await settleBranches(count, { signal: run.signal, ...settle }, (index, signal) => {
    const sources = run.sources?.fork();
    const state = run.state.fork(sources);
    states[index] = state;
    const marked = branchKey?.(index);
    const invokeAgent: AgentInvoker =
      marked === undefined
        ? run.invokeAgent
        : (request) => run.invokeAgent({ ...request, branch: request.branch ?? marked });
    return branch(index, {
      ...run,
      signal,
      state,
      invokeAgent,
      records: records[index] ?? [],
      ...(sources === undefined ? {} : { sources }),
    });
  });
  for (const branchRecords of records) run.records.push(...branchRecords);
  run.signal.throwIfAborted();
  const failure = firstFailure(outcomes);
  run.state.merge(
    states.slice(0, failure?.index ?? count).filter((state): state is RunState => state !== undefined),
  );
  if (failure !== undefined) throw failure.error;
  return outcomes.map((outcome) => (outcome.state === 'done' ? outcome.value : null));
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
