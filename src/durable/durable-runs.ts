import { randomUUID } from 'node:crypto';
import type { AgentEnvironment } from '../agent/agent-environment.ts';
import { RunDivergence, RunNotFound, RunStateError } from '../errors/durable-errors.ts';
import { inSpan } from '../observe/tracing/in-span.ts';
import { runSpanAttributes } from '../observe/tracing/run-span-attributes.ts';
import type { BudgetScope } from '../policy/budget/budget-scope.ts';
import { createBudget } from '../policy/budget/create-budget.ts';
import { type Clock, systemClock } from '../spec/clock.ts';
import type { RunRecord, Store, StoredError } from '../spec/store.ts';
import { sameJson } from './canonical-json.ts';
import { currentRun } from './current-run.ts';
import { createRunContext, type RunFunction } from './run-context.ts';
import { type RunEventListener, RunEventLog } from './run-event-log.ts';
import { RunJournal } from './run-journal.ts';
import { currentOwner, ownerMayBeAlive } from './run-owner.ts';
import { toStoredError } from './stored-error.ts';

/** Options of {@link createDurableRuns}. */
export interface DurableRunsOptions {
  readonly store: Store;
  /** What `ctx.agent` runs agents with. */
  readonly environment: AgentEnvironment;
  readonly clock?: Clock;
  /** Source of `ctx.random()`. Default `Math.random`. */
  readonly random?: () => number;
  /** Who runs the runs: `host:pid`. Default this process. */
  readonly owner?: string;
  /** The budget runs are charged to (the runtime's root); each run gets a child `run:<id>`. */
  readonly budget?: BudgetScope;
  /**
   * Redacts secrets from what runs keep (pass a store that redacts its writes with it): journals and
   * replays compare requests, step values and outputs in their redacted form.
   */
  readonly redact?: <Value>(value: Value) => Value;
  /** Sees every event appended to a run's event log (the runtime's metrics). */
  readonly onRunEvent?: RunEventListener;
}

/** Options of a new run. */
export interface RunOptions {
  /** The run's id; default a new UUID. Running with the id of an unfinished run resumes it. */
  readonly id?: string;
  /** A name for listings; default the function's name. */
  readonly name?: string;
  readonly signal?: AbortSignal;
  /** A cap in dollars on the whole run. */
  readonly budgetUsd?: number;
}

/** Options of resuming a run. */
export interface ResumeOptions {
  readonly signal?: AbortSignal;
  /** Resume even when the run's owner may still be running it (another host, a live pid). */
  readonly force?: boolean;
}

/** Options of executing a run's body. */
export interface ExecuteOptions extends ResumeOptions {
  readonly budgetUsd?: number;
  /** The run was just created: nothing to resume. */
  readonly fresh?: boolean;
}

/** What a durable run came to. */
export interface RunOutcome<Output> {
  readonly runId: string;
  readonly output: Output;
  /** Whether this execution continued an earlier one. */
  readonly resumed: boolean;
  /** Effects answered from the journal, and effects performed, in this execution. */
  readonly effects: { readonly recorded: number; readonly performed: number };
}

/** What a replay found. */
export interface ReplayReport {
  readonly runId: string;
  /** True when the replay ran to the end from the journal and gave the recorded output. */
  readonly reproduced: boolean;
  readonly output?: unknown;
  readonly recordedOutput: unknown;
  /** Where the code left the journal: the first divergent effect. */
  readonly divergence?: {
    readonly key: string;
    readonly reason: string;
    readonly recorded: unknown;
    readonly actual: unknown;
  };
  /** Another failure of the replayed code. */
  readonly error?: StoredError;
  /** Effects answered from the journal. */
  readonly effects: number;
}

/** How a run's code is executed: with its journal, event log (none in replay), signal and budget. */
export type RunBody<Output> = (parts: RunBodyParts) => Promise<Output>;

/** What {@link RunBody} gets. */
export interface RunBodyParts {
  readonly run: RunRecord;
  readonly journal: RunJournal;
  readonly events: RunEventLog | undefined;
  readonly signal: AbortSignal;
  readonly budget: BudgetScope | undefined;
}

/** Durable runs on a store: start, resume, replay. */
export interface DurableRuns {
  readonly store: Store;
  /** Runs `work` durably as a new run (or resumes the unfinished run `options.id`). */
  run<Input, Output>(
    work: RunFunction<Input, Output>,
    input: Input,
    options?: RunOptions,
  ): Promise<RunOutcome<Output>>;
  /** Resumes an interrupted or failed run with its code: finished effects are not done again. */
  resume<Output>(
    runId: string,
    work: RunFunction<never, Output>,
    options?: ResumeOptions,
  ): Promise<RunOutcome<Output>>;
  /** Re-executes a finished run from its journal only, and compares its output. */
  replay(runId: string, work: RunFunction<never, unknown>): Promise<ReplayReport>;
  /** The run with this id or unique id prefix; throws {@link RunNotFound}. */
  find(idOrPrefix: string): Promise<RunRecord>;
  /** Creates a run record (for front doors that run their own code, like workflows). */
  create(run: {
    id?: string;
    kind: string;
    name: string;
    input: unknown;
    source?: unknown;
    parentId?: string;
  }): Promise<RunRecord>;
  /** Executes `body` as `run` in record mode (new or resumed). */
  execute<Output>(
    run: RunRecord,
    body: RunBody<Output>,
    options?: ExecuteOptions,
  ): Promise<RunOutcome<Output>>;
  /** Executes `body` as a replay of the finished `run`. */
  replayBody(run: RunRecord, body: RunBody<unknown>): Promise<ReplayReport>;
}

const NEVER_ABORTED = new AbortController().signal;

/**
 * Durable runs: each run has a record, an event log and a journal of effects in the store. A run
 * that crashed or failed resumes where it stopped — effects that completed return their recorded
 * results, so nothing is paid or written twice — and a finished run replays offline from its journal.
 *
 * @example
 * const runs = createDurableRuns({ store, environment: runtime.environment });
 * const { runId, output } = await runs.run(async (ctx, city: string) => (await ctx.agent(guide, city)).text, 'Lisbon');
 * const report = await runs.replay(runId, guideRun); // report.reproduced === true
 */
export function createDurableRuns(options: DurableRunsOptions): DurableRuns {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const owner = options.owner ?? currentOwner();
  const now = () => clock.now();

  const find = async (idOrPrefix: string): Promise<RunRecord> => {
    const run = await store.findRun(idOrPrefix);
    if (run === undefined) throw new RunNotFound(idOrPrefix, store.location);
    return run;
  };

  const create: DurableRuns['create'] = (run) =>
    store.createRun({
      id: run.id ?? randomUUID(),
      kind: run.kind,
      name: run.name,
      input: run.input,
      ...(run.source === undefined ? {} : { source: run.source }),
      ...(run.parentId === undefined ? {} : { parentId: run.parentId }),
      owner,
      createdAt: now(),
    });

  const functionBody =
    <Output>(work: RunFunction<never, Output>): RunBody<Output> =>
    ({ run, journal, signal, budget }) =>
      work(
        createRunContext(
          {
            runId: run.id,
            journal,
            signal,
            environment: options.environment,
            clock,
            random,
            store,
            budget,
            runChild: async (child, input, id, name) => {
              const existing = await store.getRun(id);
              if (existing?.status === 'completed') return existing.output as never;
              const record =
                existing ?? (await create({ id, kind: 'function', name, input, parentId: run.id }));
              const outcome = await execute(record, functionBody(child as RunFunction<never, unknown>), {
                signal,
                force: true,
                fresh: existing === undefined,
              });
              return outcome.output as never;
            },
          },
          '',
        ),
        run.input as never,
      );

  const execute: DurableRuns['execute'] = async (run, body, executeOptions = {}) => {
    const signal = executeOptions.signal ?? NEVER_ABORTED;
    const resumed = executeOptions.fresh !== true;
    if (run.status === 'completed') {
      throw new RunStateError(
        run.id,
        run.status,
        `Run ${run.id} has already completed.`,
        `Replay it with 'vega replay ${run.id}', or start a new run.`,
      );
    }
    if (
      resumed &&
      run.status === 'running' &&
      run.owner !== owner &&
      executeOptions.force !== true &&
      ownerMayBeAlive(run.owner)
    ) {
      throw new RunStateError(
        run.id,
        run.status,
        `Run ${run.id} is still running in ${run.owner ?? 'another process'}.`,
        'Wait for it to end, or pass --force if that process is gone.',
      );
    }
    const entries = resumed ? await store.listJournal(run.id) : [];
    const events = new RunEventLog(store, run.id, now, options.onRunEvent);
    const journal = new RunJournal({
      store,
      runId: run.id,
      entries,
      mode: 'record',
      now,
      events,
      describe,
      ...(options.redact === undefined ? {} : { redact: options.redact }),
    });
    await store.updateRun(run.id, { status: 'running', owner, updatedAt: now() });
    events.append(resumed && entries.length > 0 ? 'run-resumed' : 'run-started', {
      kind: run.kind,
      name: run.name,
      owner,
      ...(resumed ? { recordedEffects: entries.filter((entry) => entry.status === 'completed').length } : {}),
    });
    const budgetUsd =
      executeOptions.budgetUsd ?? (run.source as { budgetUsd?: number } | undefined)?.budgetUsd;
    const budget =
      options.budget === undefined && budgetUsd === undefined
        ? undefined
        : (options.budget?.child(
            `run:${run.id.replaceAll('/', '_')}`,
            budgetUsd === undefined ? {} : { limitUsd: budgetUsd },
          ) ??
          createBudget({
            name: `run:${run.id.replaceAll('/', '_')}`,
            ...(budgetUsd === undefined ? {} : { limitUsd: budgetUsd }),
          }));
    try {
      const output = await currentRun.run({ runId: run.id, events }, () =>
        inSpan(
          'vega.run',
          () => runSpanAttributes(run, resumed && entries.length > 0),
          async (span) => {
            const value = await body({ run, journal, events, signal, budget });
            span?.setAttribute('vega.cost.usd', journal.spentNanoUsd() / 1e9);
            return value;
          },
        ),
      );
      const costNanoUsd = journal.spentNanoUsd();
      await store.updateRun(run.id, {
        status: 'completed',
        output,
        costNanoUsd,
        updatedAt: now(),
        endedAt: now(),
      });
      events.append('run-completed', { costUsd: costNanoUsd / 1e9, effects: journal.counts });
      await events.flush();
      return { runId: run.id, output, resumed, effects: { ...journal.counts } };
    } catch (error) {
      const stored = toStoredError(error);
      const costNanoUsd = journal.spentNanoUsd();
      await store.updateRun(run.id, {
        status: signal.aborted ? 'cancelled' : 'failed',
        error: stored,
        costNanoUsd,
        updatedAt: now(),
        endedAt: now(),
      });
      events.append(signal.aborted ? 'run-cancelled' : 'run-failed', { error: stored });
      await events.flush().catch(() => {});
      throw error;
    }
  };

  const replayBody: DurableRuns['replayBody'] = async (run, body) => {
    if (run.status === 'running') {
      throw new RunStateError(
        run.id,
        run.status,
        `Run ${run.id} has not finished: there is nothing complete to replay.`,
        `Resume it with 'vega resume ${run.id}' first.`,
      );
    }
    const journal = new RunJournal({
      store,
      runId: run.id,
      entries: await store.listJournal(run.id),
      mode: 'replay',
      now,
      ...(options.redact === undefined ? {} : { redact: options.redact }),
    });
    const base = { runId: run.id, recordedOutput: run.output };
    try {
      const output = await currentRun.run({ runId: run.id, events: undefined }, () =>
        body({ run, journal, events: undefined, signal: NEVER_ABORTED, budget: undefined }),
      );
      const left = journal.unvisited()[0];
      if (left !== undefined) {
        return {
          ...base,
          reproduced: false,
          output,
          divergence: {
            key: left.key,
            reason: 'the recorded run went on to this effect, the code ended before it',
            recorded: left.request,
            actual: undefined,
          },
          effects: journal.counts.recorded,
        };
      }
      const same = run.status === 'completed' && sameJson(options.redact?.(output) ?? output, run.output);
      return { ...base, reproduced: same, output, effects: journal.counts.recorded };
    } catch (error) {
      if (RunDivergence.isRunDivergence(error)) {
        return {
          ...base,
          reproduced: false,
          divergence: {
            key: error.key,
            reason: error.reason,
            recorded: error.recorded,
            actual: error.actual,
          },
          effects: journal.counts.recorded,
        };
      }
      const stored = toStoredError(error);
      const same =
        run.status !== 'completed' && run.error !== undefined && run.error.message === stored.message;
      return { ...base, reproduced: same, error: stored, effects: journal.counts.recorded };
    }
  };

  return {
    store,
    find,
    create,
    execute,
    replayBody,
    async run<Input, Output>(
      work: RunFunction<Input, Output>,
      input: Input,
      runOptions: RunOptions = {},
    ): Promise<RunOutcome<Output>> {
      if (runOptions.id !== undefined) {
        const existing = await store.getRun(runOptions.id);
        if (existing !== undefined) {
          if (existing.status === 'completed') {
            return {
              runId: existing.id,
              output: existing.output as Output,
              resumed: true,
              effects: { recorded: 0, performed: 0 },
            };
          }
          return execute(existing, functionBody(work as unknown as RunFunction<never, Output>), runOptions);
        }
      }
      const run = await create({
        ...(runOptions.id === undefined ? {} : { id: runOptions.id }),
        kind: 'function',
        name: runOptions.name ?? (work.name === '' ? 'run' : work.name),
        input,
        // What a resume needs besides the code: the run's cap.
        ...(runOptions.budgetUsd === undefined ? {} : { source: { budgetUsd: runOptions.budgetUsd } }),
      });
      return execute(run, functionBody(work as unknown as RunFunction<never, Output>), {
        ...runOptions,
        fresh: true,
      });
    },
    async resume(runId, work, resumeOptions = {}) {
      return execute(await find(runId), functionBody(work), resumeOptions);
    },
    async replay(runId, work) {
      return replayBody(await find(runId), functionBody(work));
    },
  };
}

/** Event payload fields of a completed effect: a model call's model, usage and cost. */
function describe(kind: string, result: unknown): Record<string, unknown> | undefined {
  if (kind !== 'model-call' || typeof result !== 'object' || result === null) return undefined;
  const turn = result as { provider?: string; model?: string; usage?: unknown; cost?: { usd?: number } };
  return { provider: turn.provider, model: turn.model, usage: turn.usage, costUsd: turn.cost?.usd };
}
