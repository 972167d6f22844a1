import { resolve } from 'node:path';
import type { Runtime } from '../create-runtime.ts';
import { renderDiagnostic } from '../diagnostics/render-diagnostic.ts';
import { RunDivergence, RunStateError } from '../errors/durable-errors.ts';
import type { RunRecord } from '../spec/store.ts';
import { loadWorkflowFile } from '../workflow/load/load-workflow-file.ts';
import { resolveInputs } from '../workflow/run/resolve-inputs.ts';
import { selectWorkflow } from '../workflow/run/select-workflow.ts';
import type { CliIo } from './cli-io.ts';
import { describeJournalKey } from './describe-journal-key.ts';
import { openCliStore } from './open-cli-store.ts';
import type { RunArguments } from './parse-run-arguments.ts';
import { reportError } from './report-error.ts';
import {
  printWorkflowResult,
  type WorkflowRunSession,
  type WorkflowRunSource,
  workflowExecution,
  workflowRuntime,
} from './workflow-run.ts';

export const RUN_USAGE = `Usage: vega run FILE [options] [--<input> VALUE ...]

Runs a workflow from a *.vega.yaml file and prints its output on stdout.

Options:
  -w, --workflow NAME   the workflow to run (optional when the file has one)
  -m, --model MODEL     use this model for every agent (e.g. scripted:echo, claude-haiku-4-5)
  --budget AMOUNT       hard cap on this run's spend, e.g. --budget '$0.50' (over settings.budget)
  --store LOCATION      where runs are kept: an SQLite file or a postgres:// URL
                        (default $VEGA_STORE, else .vega/vega.db)
  -o, --output FORMAT   text (default) or json
  -q, --quiet           no summary line on stderr
  -v, --verbose         stack traces on errors
  --<input> VALUE       a workflow input, e.g. --task "a CSV parser"
`;

/**
 * `vega run`: loads the file, checks it and the inputs, runs the workflow as a durable run in the
 * store, prints the output on stdout and a one-line summary on stderr. Returns the exit code; errors
 * are thrown for the caller to report (with how to resume, when the run had started).
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
  // Inputs are checked before anything is stored.
  resolveInputs(document, workflow, args.inputs);
  const source: WorkflowRunSource = {
    file: resolve(io.cwd, args.file),
    workflow: workflow.name,
    ...(args.model === undefined ? {} : { model: args.model }),
    ...(args.budgetUsd === undefined ? {} : { budgetUsd: args.budgetUsd }),
  };
  // --store, then VEGA_STORE, then the file's settings.store, then .vega/vega.db.
  const store = await openCliStore(
    args.store ?? (io.env.VEGA_STORE === undefined ? document.settings.store : undefined),
    io,
  );
  try {
    const session = {
      document,
      source,
      store,
      io,
      quiet: args.quiet,
      output: args.output,
      verbose: args.verbose,
    };
    const runtime = await workflowRuntime(session);
    try {
      const runs = await runtime.durableRuns();
      const run = await runs.create({ kind: 'workflow', name: workflow.name, input: args.inputs, source });
      return await executeWorkflowRun(runtime, session, run, { fresh: true }, startedAt);
    } finally {
      await runtime.close();
    }
  } finally {
    await store.close();
  }
}

/**
 * Executes a workflow run (new or resumed) and prints its result; when it fails, says how to resume
 * it before the error is reported.
 */
export async function executeWorkflowRun(
  runtime: Runtime,
  session: WorkflowRunSession,
  run: RunRecord,
  options: { readonly fresh?: boolean; readonly force?: boolean },
  startedAt: number,
): Promise<number> {
  const execution = workflowExecution(runtime, session);
  const runs = await runtime.durableRuns();
  try {
    await runs.execute(run, execution.body, {
      ...(session.io.signal === undefined ? {} : { signal: session.io.signal }),
      ...(options.fresh === undefined ? {} : { fresh: options.fresh }),
      ...(options.force === undefined ? {} : { force: options.force }),
    });
    const result = execution.result();
    if (result === undefined) throw new TypeError('The workflow run ended without a result.');
    printWorkflowResult(session, run, result, execution.totals(), performance.now() - startedAt);
    return 0;
  } catch (error) {
    // The error first, then how to finish the run: it is durable, and nothing done so far is lost.
    const report = RunDivergence.isRunDivergence(error)
      ? divergenceReport(error, session)
      : reportError(error, { verbose: session.verbose ?? false, color: session.io.color });
    session.io.stderr(`${report.text}\n`);
    if (!RunStateError.isRunStateError(error) && !RunDivergence.isRunDivergence(error)) {
      session.io.stderr(
        `run ${run.id.slice(0, 8)} stopped; finish it with: vega resume ${run.id.slice(0, 8)}\n`,
      );
    }
    return report.exitCode;
  }
}

/** A divergence on resume, named the way `vega replay` names it: the step as a person counts it. */
function divergenceReport(
  error: RunDivergence,
  session: WorkflowRunSession,
): { text: string; exitCode: number } {
  const paint = (code: string, text: string) => (session.io.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const where = describeJournalKey(error.key, session.document, session.source.workflow);
  return {
    text: [
      `${paint('1;31', 'error')}: run ${error.runId.slice(0, 8)} diverges from its journal at ${where}: ${error.reason}.`,
      `  effect: ${error.key}`,
      `  ${paint('1;36', 'hint')}: ${error.hint ?? ''}`,
    ].join('\n'),
    exitCode: 1,
  };
}
