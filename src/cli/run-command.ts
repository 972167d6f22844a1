import type { AgentResult } from '../agent/agent-result.ts';
import { addCosts, ZERO_COST } from '../cost/add-costs.ts';
import {
  buildCostTree,
  type CostRecord,
  costRecordsFromModelCalls,
  costTreeToJson,
  formatCostTree,
} from '../cost/report/index.ts';
import { createRuntime, type Runtime } from '../create-runtime.ts';
import { renderDiagnostic } from '../diagnostics/render-diagnostic.ts';
import type { Cost } from '../spec/cost.ts';
import { addUsage, type Usage, ZERO_USAGE } from '../spec/usage.ts';
import type { WorkflowDocument } from '../workflow/document/workflow-document.ts';
import { loadWorkflowFile } from '../workflow/load/load-workflow-file.ts';
import { createAgentInvoker } from '../workflow/run/create-agent-invoker.ts';
import { runWorkflow } from '../workflow/run/run-workflow.ts';
import { selectWorkflow } from '../workflow/run/select-workflow.ts';
import { hasSupervision } from '../workflow/run/supervise-agents.ts';
import type { StepRecord } from '../workflow/run/workflow-result.ts';
import { stepLabel } from '../workflow/steps/agent-step-kind.ts';
import type { CliIo } from './cli-io.ts';
import { formatPolicyEvent } from './format-policy-event.ts';
import { formatSummary } from './format-summary.ts';
import { formatSupervisionEvent } from './format-supervision-event.ts';
import type { RunArguments } from './parse-run-arguments.ts';

export const RUN_USAGE = `Usage: vega run FILE [options] [--<input> VALUE ...]

Runs a workflow from a *.vega.yaml file and prints its output on stdout.

Options:
  -w, --workflow NAME   the workflow to run (optional when the file has one)
  -m, --model MODEL     use this model for every agent (e.g. scripted:echo, claude-haiku-4-5)
  --budget AMOUNT       hard cap on this run's spend, e.g. --budget '$0.50' (over settings.budget)
  -o, --output FORMAT   text (default) or json
  -q, --quiet           no summary line on stderr
  -v, --verbose         stack traces on errors
  --<input> VALUE       a workflow input, e.g. --task "a CSV parser"
`;

/**
 * `vega run`: loads the file, checks it and the inputs, runs the workflow, prints the output on stdout
 * and a one-line summary on stderr. Returns the exit code; errors are thrown for the caller to report.
 */
export async function runCommand(args: RunArguments, io: CliIo): Promise<number> {
  if (args.help) {
    io.stdout(RUN_USAGE);
    return 0;
  }
  const startedAt = performance.now();
  const document = await loadWorkflowFile(args.file, { env: io.env, cwd: io.cwd });
  if (!args.quiet) {
    for (const warning of document.warnings) {
      io.stderr(`${renderDiagnostic(warning, document.source, { color: io.color })}\n\n`);
    }
  }
  const workflow = selectWorkflow(document, args.workflow);
  const { settings } = document;
  const runtime = createRuntime({
    env: io.env,
    ...(settings.dailyBudgetUsd === undefined ? {} : { dailyBudgetUsd: settings.dailyBudgetUsd }),
    ...(settings.retry === undefined ? {} : { retry: settings.retry }),
    ...(settings.circuitBreaker === undefined ? {} : { circuitBreaker: settings.circuitBreaker }),
    rateLimits: {
      learn: true,
      ...(settings.rateLimit?.default === undefined ? {} : { default: settings.rateLimit.default }),
      ...(settings.rateLimit?.perModel === undefined ? {} : { perModel: settings.rateLimit.perModel }),
    },
    // `scripted:<file>` in the workflow is relative to the workflow file; on the command line, to the shell.
    cwd: args.model === undefined ? document.directory : io.cwd,
    ...(io.fetch === undefined ? {} : { fetch: io.fetch }),
  });
  const stopListening = runtime.processes.on((event) => {
    // A stop of an agent nobody put under supervision is just its step failing: the error says it.
    if (args.quiet || (event.type === 'process-stop' && !hasSupervision(document, event.child))) return;
    const line = formatSupervisionEvent(event, { color: io.color });
    if (line !== undefined) io.stderr(`${line}\n`);
  });
  const stopPolicyEvents = runtime.policyEvents.on((event) => {
    if (args.quiet) return;
    const line = formatPolicyEvent(event, { color: io.color });
    if (line !== undefined) io.stderr(`${line}\n`);
  });
  try {
    return await runWith(runtime, document, workflow.name, args, io, startedAt);
  } finally {
    stopPolicyEvents();
    stopListening();
    await runtime.processes.shutdown();
  }
}

async function runWith(
  runtime: Runtime,
  document: WorkflowDocument,
  workflowName: string,
  args: RunArguments,
  io: CliIo,
  startedAt: number,
): Promise<number> {
  let usage: Usage = ZERO_USAGE;
  let cost: Cost = ZERO_COST;
  const invokeAgent = createAgentInvoker(document, {
    environment: runtime.environment,
    processes: runtime.processes,
    ...(args.model === undefined ? {} : { modelOverride: args.model }),
    onAgentResult: (_agent: string, result: AgentResult) => {
      usage = addUsage(usage, result.usage);
      cost = addCosts(cost, result.cost);
    },
  });
  const { settings } = document;
  const limitUsd = args.budgetUsd ?? settings.budgetUsd;
  const budget = runtime.budget.child('run', {
    ...(limitUsd === undefined ? {} : { limitUsd }),
    ...(settings.budgetAlerts === undefined ? {} : { alerts: settings.budgetAlerts }),
    ...(settings.budgetWebhook === undefined ? {} : { webhook: settings.budgetWebhook }),
    ...(settings.onExceed === undefined ? {} : { onExceed: settings.onExceed }),
  });
  const result = await runWorkflow(document, {
    budget,
    workflow: workflowName,
    inputs: args.inputs,
    invokeAgent,
    ...(io.signal === undefined ? {} : { signal: io.signal }),
  });
  const durationMs = performance.now() - startedAt;
  const costTree = buildCostTree(costRecordsOf(result.steps), workflowName);
  if (args.output === 'json') {
    const report = {
      workflow: workflowName,
      output: result.output,
      steps: result.steps,
      usage,
      cost,
      costTree: costTreeToJson(costTree),
      durationMs,
    };
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    io.stdout(
      `${typeof result.output === 'string' ? result.output : JSON.stringify(result.output, null, 2)}\n`,
    );
  }
  if (!args.quiet) {
    io.stderr(
      `${formatSummary({ workflow: workflowName, steps: result.steps.length, usage, cost, durationMs })}\n`,
    );
    if (costTree.calls > 0) io.stderr(`${formatCostTree(costTree, { color: io.color })}\n`);
  }
  return 0;
}

/** The cost report's records: every model call of every agent step, under its step's label. */
function costRecordsOf(steps: readonly StepRecord[]): CostRecord[] {
  return steps.flatMap((step) =>
    step.kind === 'agent' && step.calls !== undefined
      ? costRecordsFromModelCalls(step.calls, { agent: step.agent, step: stepLabel(step) })
      : [],
  );
}
