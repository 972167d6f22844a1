import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import type { Runtime } from '../create-runtime.ts';
import { renderDiagnostic } from '../diagnostics/render-diagnostic.ts';
import { RunDivergence, RunStateError } from '../errors/durable-errors.ts';
import type { MetricsServer } from '../observe/metrics/serve-metrics.ts';
import { createRedactor } from '../observe/redact/redactor.ts';
import { storeSpanExporter } from '../observe/store/store-span-exporter.ts';
import { startRunTracing } from '../observe/tracing/run-tracing.ts';
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
import { openRunLogger } from './open-run-logger.ts';
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
  --metrics-port N      serve Prometheus metrics on http://127.0.0.1:N/metrics while the run runs
                        (0: any free port; the address is printed on stderr)
  --metrics-host HOST   listen on HOST instead of 127.0.0.1 (0.0.0.0: every interface)
  --trace EXPORTER      trace the run: jsonl or chrome (a file, default .vega/traces/<run-id>.jsonl|.json;
                        =FILE to choose), otlp (=URL, else OTEL_EXPORTER_OTLP_ENDPOINT) or store
                        (read it with vega trace); over settings.tracing
  -o, --output FORMAT   text (default: the output alone), json or yaml (the whole report)
  --json                short for --output json
  --progress MODE       what stderr shows while the run goes: auto (default: a live step tree on a
                        terminal, a line per step start and end on a pipe, none with --output
                        json|yaml on a pipe or --quiet), tree, lines, json (JSON lines) or none
  --out FILE            write the output to FILE (atomically) instead of stdout
  --log-level LEVEL     log the run (debug, info, warn or error; default $VEGA_LOG_LEVEL, else
                        settings.logging.level, else no log); secrets are redacted
  --log-file PATH       append the log to PATH as JSON lines (default $VEGA_LOG_FILE, else
                        settings.logging.file, else stderr)
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
  const logging = openRunLogger(args, document.settings.logging, io);
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
      progress: args.progress,
      runtime: {
        ...(args.metricsPort === undefined ? {} : { metrics: true }),
        ...(logging === undefined ? {} : { logger: logging.logger }),
      },
    };
    const runtime = await workflowRuntime(session);
    let metricsServer: MetricsServer | undefined;
    try {
      if (args.metricsPort !== undefined) {
        metricsServer = await runtime.serveMetrics({
          port: args.metricsPort,
          ...(args.metricsHost === undefined ? {} : { host: args.metricsHost }),
        });
        if (!args.quiet) io.stderr(`metrics on ${metricsServer.url}\n`);
      }
      const runs = await runtime.durableRuns();
      const run = await runs.create({ kind: 'workflow', name: workflow.name, input: given, source });
      const tracing = startRunTracing({
        ...(args.trace === undefined ? {} : { target: args.trace }),
        ...(document.settings.tracing === undefined ? {} : { settings: document.settings.tracing }),
        runId: run.id,
        cwd: io.cwd,
        env: io.env,
        storeExporter: () => storeSpanExporter(store),
        redactor: createRedactor({ env: io.env }),
      });
      let exitCode: number;
      try {
        exitCode = await executeWorkflowRun(runtime, session, run, { fresh: true }, startedAt);
      } finally {
        // Every span is exported before the command returns, whether the run failed or not.
        await tracing?.shutdown();
      }
      if (tracing !== undefined && !args.quiet) io.stderr(`trace written to ${tracing.destination}\n`);
      if (exitCode === 0) await output.flush();
      return exitCode;
    } finally {
      await metricsServer?.close();
      await runtime.close();
    }
  } finally {
    await store.close();
    logging?.close();
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
        // Redacted like everything the command prints (this text bypassed stdout).
        const redacted = createRedactor({ env: io.env }).text(text);
        await atomicWriteFile(resolve(io.cwd, out), redacted, io.signal ?? new AbortController().signal);
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
