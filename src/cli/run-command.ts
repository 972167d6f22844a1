import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import type { Runtime } from '../create-runtime.ts';
import { renderDiagnostic } from '../diagnostics/render-diagnostic.ts';
import { RunDivergence, RunStateError } from '../errors/durable-errors.ts';
import type { RunRecord } from '../spec/store.ts';
import { atomicWriteFile } from '../tools/atomic-write-file.ts';
import { loadWorkflowFile } from '../workflow/load/load-workflow-file.ts';
import { resolveInputs } from '../workflow/run/resolve-inputs.ts';
import { selectWorkflow } from '../workflow/run/select-workflow.ts';
import type { CliIo } from './cli-io.ts';
import { CommandLineError } from './command-line-error.ts';
import { describeJournalKey } from './describe-journal-key.ts';
import { dryRunPlan } from './dry-run-plan.ts';
import { formatDryRunPlan } from './format-dry-run-plan.ts';
import { gatherRunInputs, givenInputNames } from './gather-run-inputs.ts';
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

Runs a workflow from a *.vega.yaml file and prints its output on stdout. Options may come before or
after the file.

Options:
  -w, --workflow NAME   the workflow to run (optional when the file has one)
  --<input> VALUE       a workflow input, e.g. --task "a CSV parser"
  --inputs FILE.json    input values from a JSON object; --inputs - reads it from standard input
                        (--<input> flags override it)
  -m, --model MODEL     use this model for every agent (e.g. scripted:echo, claude-haiku-4-5)
  --budget AMOUNT       hard cap on this run's spend, e.g. --budget '$0.50' (over settings.budget)
  --store LOCATION      where runs are kept: an SQLite file or a postgres:// URL
                        (default $VEGA_STORE, else .vega/vega.db)
  -o, --output FORMAT   text (default: the output alone), json or yaml (the whole report)
  --out FILE            write the output to FILE (atomically) instead of stdout
  --dry-run             print the plan (inputs, agents and their models, steps) and stop:
                        no model is called and the store is not touched
  -q, --quiet           print only the output: no summary, warnings or policy events on stderr
  -v, --verbose         stack traces on errors

Standard input, when it is not a terminal, becomes the input of a one-input workflow (or its input
named 'input') when no value was given for it: echo "a CSV parser" | vega run team.vega.yaml

Exit codes: 0 done, 1 the run failed, 2 the file or the command line is invalid.
`;

/**
 * `vega run`: loads the file, gathers the inputs (`--inputs`, `--<input>` flags, standard input),
 * checks them, then either prints the plan (`--dry-run`: no model, no store) or runs the workflow as a
 * durable run in the store, printing the output on stdout (or into `--out`) and a one-line summary on
 * stderr. Returns the exit code; errors are thrown for the caller to report (with how to resume, when
 * the run had started).
 *
 * @example
 * process.exitCode = await runCommand(parseRunArguments(['team.vega.yaml', '--task', 'x']), processIo());
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
      // A warning in an included file shows that file's lines.
      const source = document.sources?.get(warning.file) ?? document.source;
      io.stderr(`${renderDiagnostic(warning, source, { color: io.color })}\n\n`);
    }
  }
  const workflow = selectWorkflow(document, args.workflow);
  const given = await gatherRunInputs(args, workflow, io);
  // Inputs are checked before anything is stored.
  const inputs = resolveInputs(document, workflow, given);
  const output = await outputSink(args, io);
  if (args.dryRun) {
    const plan = dryRunPlan(document, workflow, inputs, {
      given: new Set(givenInputNames(workflow, given)),
      file: args.file,
      ...(args.model === undefined ? {} : { model: args.model }),
      ...(args.budgetUsd === undefined ? {} : { budgetUsd: args.budgetUsd }),
    });
    output.io.stdout(
      args.output === 'json'
        ? `${JSON.stringify({ dryRun: true, ...plan }, null, 2)}\n`
        : args.output === 'yaml'
          ? stringifyYaml({ dryRun: true, ...plan })
          : `${formatDryRunPlan(plan)}\n`,
    );
    await output.flush();
    return 0;
  }
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
      io: output.io,
      quiet: args.quiet,
      output: args.output,
      verbose: args.verbose,
    };
    const runtime = await workflowRuntime(session);
    try {
      const runs = await runtime.durableRuns();
      const run = await runs.create({ kind: 'workflow', name: workflow.name, input: given, source });
      const exitCode = await executeWorkflowRun(runtime, session, run, { fresh: true }, startedAt);
      if (exitCode === 0) await output.flush();
      return exitCode;
    } finally {
      await runtime.close();
    }
  } finally {
    await store.close();
  }
}

/** Where the output goes: stdout, or (`--out FILE`) a buffer written to the file once the run is done. */
async function outputSink(args: RunArguments, io: CliIo): Promise<{ io: CliIo; flush(): Promise<void> }> {
  const out = args.out;
  if (out === undefined) return { io, flush: async () => {} };
  // Checked before the run starts: nothing is spent on a run whose output has nowhere to go.
  const folder = await stat(dirname(resolve(io.cwd, out))).catch(() => undefined);
  if (folder?.isDirectory() !== true) {
    throw new CommandLineError(
      `Cannot write the output to '${out}': its folder does not exist.`,
      'Create the folder first, or name a file in an existing one.',
    );
  }
  let text = '';
  return {
    io: {
      ...io,
      stdout: (chunk) => {
        text += chunk;
      },
    },
    flush: async () => {
      try {
        await atomicWriteFile(resolve(io.cwd, out), text, io.signal ?? new AbortController().signal);
      } catch (error) {
        throw new CommandLineError(
          `Cannot write the output to '${out}': ${(error as Error).message}.`,
          'Check that its folder exists and can be written.',
        );
      }
      if (!args.quiet) io.stderr(`output written to ${out}\n`);
    },
  };
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
