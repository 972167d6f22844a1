import type { AgentResult } from '../agent/agent-result.ts';
import { addCosts, ZERO_COST } from '../cost/add-costs.ts';
import { createRuntime } from '../create-runtime.ts';
import { renderDiagnostic } from '../diagnostics/render-diagnostic.ts';
import type { Cost } from '../spec/cost.ts';
import { addUsage, type Usage, ZERO_USAGE } from '../spec/usage.ts';
import { loadWorkflowFile } from '../workflow/load/load-workflow-file.ts';
import { createAgentInvoker } from '../workflow/run/create-agent-invoker.ts';
import { runWorkflow } from '../workflow/run/run-workflow.ts';
import { selectWorkflow } from '../workflow/run/select-workflow.ts';
import type { CliIo } from './cli-io.ts';
import { formatSummary } from './format-summary.ts';
import type { RunArguments } from './parse-run-arguments.ts';

export const RUN_USAGE = `Usage: vega run FILE [options] [--<input> VALUE ...]

Runs a workflow from a *.vega.yaml file and prints its output on stdout.

Options:
  -w, --workflow NAME   the workflow to run (optional when the file has one)
  -m, --model MODEL     use this model for every agent (e.g. scripted:echo, claude-haiku-4-5)
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
  const runtime = createRuntime({
    env: io.env,
    // `scripted:<file>` in the workflow is relative to the workflow file; on the command line, to the shell.
    cwd: args.model === undefined ? document.directory : io.cwd,
    ...(io.fetch === undefined ? {} : { fetch: io.fetch }),
  });
  let usage: Usage = ZERO_USAGE;
  let cost: Cost = ZERO_COST;
  const invokeAgent = createAgentInvoker(document, {
    environment: runtime.environment,
    ...(args.model === undefined ? {} : { modelOverride: args.model }),
    onAgentResult: (_agent: string, result: AgentResult) => {
      usage = addUsage(usage, result.usage);
      cost = addCosts(cost, result.cost);
    },
  });
  const result = await runWorkflow(document, {
    workflow: workflow.name,
    inputs: args.inputs,
    invokeAgent,
    ...(io.signal === undefined ? {} : { signal: io.signal }),
  });
  const durationMs = performance.now() - startedAt;
  if (args.output === 'json') {
    const report = {
      workflow: workflow.name,
      output: result.output,
      steps: result.steps,
      usage,
      cost,
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
      `${formatSummary({ workflow: workflow.name, steps: result.steps.length, usage, cost, durationMs })}\n`,
    );
  }
  return 0;
}
