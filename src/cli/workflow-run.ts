import { stringify as stringifyYaml } from 'yaml';
import type { AgentResult } from '../agent/agent-result.ts';
import { addCosts, ZERO_COST } from '../cost/add-costs.ts';
import {
  buildCostTree,
  type CostRecord,
  costRecordsFromModelCalls,
  costTreeToJson,
  formatCostTree,
} from '../cost/report/index.ts';
import { createRuntime, type Runtime, type RuntimeOptions } from '../create-runtime.ts';
import type { RunBodyParts } from '../durable/durable-runs.ts';
import { storeBudgetLedger } from '../durable/store-budget-ledger.ts';
import { type McpToolbox, openMcpTools } from '../mcp/open-mcp-tools.ts';
import { dailyScopeId } from '../policy/budget/daily-budget.ts';
import type { Cost } from '../spec/cost.ts';
import type { MemoryScope, RunRecord, Store } from '../spec/store.ts';
import { addUsage, type Usage, ZERO_USAGE } from '../spec/usage.ts';
import type { WorkflowDocument } from '../workflow/document/workflow-document.ts';
import { createAgentInvoker } from '../workflow/run/create-agent-invoker.ts';
import { modelPrices } from '../workflow/run/model-prices.ts';
import { runWorkflow } from '../workflow/run/run-workflow.ts';
import { hasSupervision } from '../workflow/run/supervise-agents.ts';
import type { StepRecord, WorkflowResult } from '../workflow/run/workflow-result.ts';
import { stepLabel } from '../workflow/steps/agent-step-kind.ts';
import type { CliIo } from './cli-io.ts';
import { formatPolicyEvent } from './format-policy-event.ts';
import { formatSummary } from './format-summary.ts';
import { formatSupervisionEvent } from './format-supervision-event.ts';
import type { ProgressMode } from './progress/choose-progress.ts';
import { createProgress } from './progress/create-progress.ts';

/** How a workflow run is run again: kept as the run's `source`. */
export interface WorkflowRunSource {
  /** The workflow file, absolute. */
  readonly file: string;
  readonly workflow: string;
  /** `--model`, when it replaced every agent's model. */
  readonly model?: string;
  /** `--budget`, in dollars. */
  readonly budgetUsd?: number;
}

/** What one execution of a workflow run needs. */
export interface WorkflowRunSession {
  readonly document: WorkflowDocument;
  readonly source: WorkflowRunSource;
  readonly store: Store;
  readonly io: CliIo;
  readonly quiet: boolean;
  /** `yaml` prints the same report as `json`, as YAML. */
  readonly output: 'text' | 'json' | 'yaml';
  /** Stack traces in error reports. */
  readonly verbose?: boolean;
  /** Extra runtime options (a replay's offline environment). */
  readonly runtime?: RuntimeOptions;
  /** `--progress`: the step display on stderr while the run goes; absent, none. */
  readonly progress?: ProgressMode;
}

/** The runtime a workflow's settings ask for, on the session's store. */
export async function workflowRuntime(session: WorkflowRunSession): Promise<Runtime> {
  const { document, io, store, source } = session;
  const { settings } = document;
  const today = dailyScopeId(Date.now());
  return createRuntime({
    env: io.env,
    store,
    ...(settings.dailyBudgetUsd === undefined
      ? {}
      : {
          dailyBudgetUsd: settings.dailyBudgetUsd,
          budgetLedger: storeBudgetLedger(store, { [today]: await store.spentOf(today) }),
        }),
    ...(settings.retry === undefined ? {} : { retry: settings.retry }),
    ...(settings.prices === undefined ? {} : { prices: modelPrices(settings.prices, settings.modelAliases) }),
    ...(settings.circuitBreaker === undefined ? {} : { circuitBreaker: settings.circuitBreaker }),
    rateLimits: {
      learn: true,
      ...(settings.rateLimit?.default === undefined ? {} : { default: settings.rateLimit.default }),
      ...(settings.rateLimit?.perModel === undefined ? {} : { perModel: settings.rateLimit.perModel }),
    },
    // `scripted:<file>` in the workflow is relative to the workflow file; on the command line, to the shell.
    cwd: source.model === undefined ? document.directory : io.cwd,
    ...(io.fetch === undefined ? {} : { fetch: io.fetch }),
    ...session.runtime,
  });
}

/** A workflow run's body: the workflow with its journal, agents supervised, costs collected. */
export interface WorkflowExecution {
  /** Runs the workflow; resolves with its output (what the run keeps). */
  readonly body: (parts: RunBodyParts) => Promise<unknown>;
  /** The whole result of the last execution (steps, variables), once it has finished. */
  result(): WorkflowResult | undefined;
  /** Usage and cost of every agent call (recorded ones included). */
  totals(): { usage: Usage; cost: Cost };
}

/**
 * The body of a workflow run on `runtime`: supervised agents, the run's budget scope, step events in the
 * run's log, supervision events on stderr and in the log.
 */
export function workflowExecution(runtime: Runtime, session: WorkflowRunSession): WorkflowExecution {
  const { document, source, io } = session;
  let usage: Usage = ZERO_USAGE;
  let cost: Cost = ZERO_COST;
  let result: WorkflowResult | undefined;
  const body = async ({ run, journal, events, signal }: RunBodyParts): Promise<unknown> => {
    const progress = createProgress(io, {
      workflow: source.workflow,
      mode: session.progress ?? 'none',
      quiet: session.quiet,
      output: session.output,
    });
    let finished = false;
    const stopSupervision = runtime.processes.on((event) => {
      const pid = 'pid' in event ? event.pid : undefined;
      events?.append(event.type, event, pid === undefined ? {} : { processId: String(pid) });
      if (session.quiet || (event.type === 'process-stop' && !hasSupervision(document, event.child))) return;
      const line = formatSupervisionEvent(event, { color: io.color });
      if (line !== undefined) progress.print(`${line}\n`);
    });
    const stopPolicy = runtime.policyEvents.on((event) => {
      if (session.quiet) return;
      const line = formatPolicyEvent(event, { color: io.color });
      if (line !== undefined) progress.print(`${line}\n`);
    });
    let mcp: McpToolbox | undefined;
    try {
      // MCP servers are connected and their tools listed before the first step; closed however the run ends.
      mcp =
        document.settings.mcp === undefined
          ? undefined
          : await openMcpTools(document.settings.mcp, {
              signal,
              ...(io.fetch === undefined ? {} : { fetch: io.fetch }),
            });
      const invokeAgent = createAgentInvoker(document, {
        environment: runtime.environment,
        processes: runtime.processes,
        ...(mcp === undefined ? {} : { mcp }),
        ...(source.model === undefined ? {} : { modelOverride: source.model }),
        onAgentResult: (_agent: string, result: AgentResult) => {
          usage = addUsage(usage, result.usage);
          cost = addCosts(cost, result.cost);
        },
      });
      const { settings } = document;
      const limitUsd = source.budgetUsd ?? settings.budgetUsd;
      const budget = runtime.budget.child('run', {
        ...(limitUsd === undefined ? {} : { limitUsd }),
        ...(settings.budgetAlerts === undefined ? {} : { alerts: settings.budgetAlerts }),
        ...(settings.budgetWebhook === undefined ? {} : { webhook: settings.budgetWebhook }),
        ...(settings.onExceed === undefined ? {} : { onExceed: settings.onExceed }),
      });
      result = await runWorkflow(document, {
        budget,
        workflow: source.workflow,
        inputs: run.input as Record<string, unknown>,
        invokeAgent,
        signal,
        journal: { journal: progress.observeJournal(journal), runId: run.id },
        env: io.env,
        memory: {
          get: (key) => session.store.getMemory(GLOBAL_MEMORY, key),
          set: (key, value) => session.store.setMemory(GLOBAL_MEMORY, key, value, Date.now()),
        },
        onStepStart: (step) => {
          events?.append('step-started', step);
          progress.stepStarted(step);
        },
        onStepEnd: (record) => {
          events?.append('step-completed', stepEvent(record));
          progress.stepEnded(record);
        },
      });
      finished = true;
      return result.output;
    } finally {
      progress.end(!finished);
      await mcp?.close();
      stopPolicy();
      stopSupervision();
    }
  };
  return { body, result: () => result, totals: () => ({ usage, cost }) };
}

/** Where `remember` and `recall` steps keep their values: shared by every run on the store. */
const GLOBAL_MEMORY: MemoryScope = { kind: 'global', id: '' };

/** What a `step-completed` event says: the record without the conversation. */
function stepEvent(record: StepRecord): Record<string, unknown> {
  if (record.kind !== 'agent') return { ...record };
  const { calls, ...rest } = record;
  return {
    ...rest,
    costUsd: record.cost.usd,
    ...(calls === undefined ? {} : { calls: calls.length }),
  };
}

/**
 * Prints a finished workflow run: the output on stdout (or the JSON report), the summary line, the run
 * id and the cost report on stderr.
 */
export function printWorkflowResult(
  session: WorkflowRunSession,
  run: RunRecord,
  result: WorkflowResult,
  totals: { usage: Usage; cost: Cost },
  durationMs: number,
): void {
  const { io, source } = session;
  const costTree = buildCostTree(costRecordsOf(result.steps), source.workflow);
  if (session.output === 'json' || session.output === 'yaml') {
    const report = {
      runId: run.id,
      workflow: source.workflow,
      output: result.output,
      steps: result.steps,
      usage: totals.usage,
      cost: totals.cost,
      costTree: costTreeToJson(costTree),
      durationMs,
    };
    io.stdout(session.output === 'json' ? `${JSON.stringify(report, null, 2)}\n` : stringifyYaml(report));
  } else {
    io.stdout(
      `${typeof result.output === 'string' ? result.output : JSON.stringify(result.output, null, 2)}\n`,
    );
  }
  if (session.quiet) return;
  io.stderr(
    `${formatSummary({ workflow: source.workflow, steps: result.steps.length, ...totals, durationMs })} · run ${run.id.slice(0, 8)}\n`,
  );
  if (costTree.calls > 0) io.stderr(`${formatCostTree(costTree, { color: io.color })}\n`);
}

/** The cost report's records: every model call of every agent step, under its step's label. */
function costRecordsOf(steps: readonly StepRecord[]): CostRecord[] {
  return steps.flatMap((step) =>
    step.kind === 'agent' && step.calls !== undefined
      ? costRecordsFromModelCalls(step.calls, { agent: step.agent, step: stepLabel(step) })
      : [],
  );
}
