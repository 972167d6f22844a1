import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { redactedOutput } from '../observe/redact/redacted-output.ts';
import type { CliIo } from './cli-io.ts';
import { CommandLineError } from './command-line-error.ts';
import { parseRunArguments } from './parse-run-arguments.ts';
import { parseShowTarget } from './parse-show-target.ts';
import { reportError } from './report-error.ts';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/**
 * The `vega` command line. Returns the exit code: 0 done, 1 the run failed, 2 the file or the command
 * line is invalid, 130 interrupted. Each command's module is imported only when that command runs:
 * `vega validate` does not pay for loading the runtime, the stores and the provider SDKs.
 *
 * @example
 * process.exitCode = await main(['run', 'examples/hello.vega.yaml'], processIo());
 */
export async function main(argv: readonly string[], given: CliIo): Promise<number> {
  // No secret is ever printed: reports, errors and progress pass the redactor of the command's env.
  const io = redactedOutput(given);
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  let exitCode = 0;
  const program = new Command('vega')
    .description('Fault-tolerant, cost-governed, observable LLM agents.')
    .version(packageJson.version, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program
    .command('run')
    .description('Run a workflow from a *.vega.yaml file')
    .argument('[arguments...]', 'FILE, options and --<input> VALUE pairs (see vega run --help)')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (args: string[]) => {
      const { runCommand } = await import('./run-command.ts');
      exitCode = await runCommand(parseRunArguments(args), io);
    });
  program
    .command('repl')
    .description('Talk to the agents of a file and run its workflows, one line at a time')
    .argument('[file]', 'the workflow file whose agents and workflows to load (or: load FILE later)')
    .option('-m, --model <model>', 'use this model for every agent')
    .option('-v, --verbose', 'stack traces on errors')
    .action(async (file: string | undefined, options: { model?: string; verbose?: boolean }) => {
      const { replCommand } = await import('./repl-command.ts');
      exitCode = await replCommand(
        file,
        {
          ...(options.model === undefined ? {} : { model: options.model }),
          verbose: options.verbose === true,
        },
        io,
      );
    });
  program
    .command('resume')
    .description('Finish an interrupted or failed workflow run without redoing its completed work')
    .argument('<run>', 'the run id (or a unique prefix of it)')
    .option(
      '--store <location>',
      'an SQLite file or a postgres:// URL (default $VEGA_STORE, else .vega/vega.db)',
    )
    .option('--force', 'resume even if the process that ran it may still be alive')
    .option('-o, --output <format>', 'text (default) or json', 'text')
    .option('-q, --quiet', 'no summary line on stderr')
    .option('-v, --verbose', 'stack traces on errors')
    .action(
      async (run: string, options: { store?: string; force?: boolean; output: string; quiet?: boolean }) => {
        const { resumeCommand } = await import('./resume-command.ts');
        exitCode = await resumeCommand(
          run,
          {
            ...(options.store === undefined ? {} : { store: options.store }),
            force: options.force === true,
            output: outputFormat(options.output),
            quiet: options.quiet === true,
            verbose,
          },
          io,
        );
      },
    );
  program
    .command('replay')
    .description('Re-execute a finished run from its journal, offline, and report any divergence')
    .argument('<run>', 'the run id (or a unique prefix of it)')
    .option(
      '--store <location>',
      'an SQLite file or a postgres:// URL (default $VEGA_STORE, else .vega/vega.db)',
    )
    .option('-o, --output <format>', 'text (default) or json', 'text')
    .option('-v, --verbose', 'stack traces on errors')
    .action(async (run: string, options: { store?: string; output: string }) => {
      const { replayCommand } = await import('./replay-command.ts');
      exitCode = await replayCommand(
        run,
        {
          ...(options.store === undefined ? {} : { store: options.store }),
          output: outputFormat(options.output),
        },
        io,
      );
    });
  program
    .command('runs')
    .description('List the runs in the store, newest first')
    .option(
      '--status <status>',
      'only runs with this status: running (includes interrupted), interrupted, completed, failed, cancelled',
    )
    .option('--kind <kind>', 'only runs of this kind: workflow, function, …')
    .option('--limit <n>', 'at most this many (default 20)')
    .option('--store <location>', STORE_HELP)
    .option('-o, --output <format>', 'text (default) or json', 'text')
    .option('-v, --verbose', 'stack traces on errors')
    .action(
      async (options: { status?: string; kind?: string; limit?: string; store?: string; output: string }) => {
        const { parseLimit, parseRunState, runsCommand } = await import('./runs-command.ts');
        exitCode = await runsCommand(
          {
            ...(options.status === undefined ? {} : { status: parseRunState(options.status) }),
            ...(options.kind === undefined ? {} : { kind: options.kind }),
            ...(options.limit === undefined ? {} : { limit: parseLimit(options.limit) }),
            ...(options.store === undefined ? {} : { store: options.store }),
            output: outputFormat(options.output),
          },
          io,
        );
      },
    );
  program
    .command('show')
    .description('Show one run in full (header, steps, journal), or an agent or a workflow of a file')
    .usage('run <id> | agent <name> --file FILE | workflow <name> --file FILE [options]')
    .argument('<what>', 'what to show: run, agent or workflow')
    .argument('<name>', 'the run id (or a unique prefix of it), or the agent or workflow name')
    .argument('[file]', 'the workflow file (for agent and workflow; same as --file)')
    .option('--file <file>', 'the workflow file the agent or workflow is in')
    .option('--store <location>', STORE_HELP)
    .option('-o, --output <format>', 'text (default) or json', 'text')
    .option('-v, --verbose', 'stack traces on errors')
    .action(
      async (
        what: string,
        name: string,
        positionalFile: string | undefined,
        options: { file?: string; store?: string; output: string },
      ) => {
        const target = parseShowTarget(what);
        const file = showFile(target, positionalFile, options.file);
        exitCode =
          file === undefined
            ? await (await import('./show-run-command.ts')).showRunCommand(
                name,
                {
                  ...(options.store === undefined ? {} : { store: options.store }),
                  output: outputFormat(options.output),
                },
                io,
              )
            : await (await import('./show-definition-command.ts')).showDefinitionCommand(
                target === 'run' ? 'agent' : target,
                name,
                file,
                { output: outputFormat(options.output) },
                io,
              );
      },
    );
  program
    .command('validate')
    .description('Check a *.vega.yaml file without running it (no API key needed); exit 2 when invalid')
    .argument('<file>', 'the workflow file')
    .option('-v, --verbose', 'also print its workflows with their steps and its agents with model and tools')
    .option('--json', 'print { file, valid, errors, warnings, workflows, agents } as JSON')
    .action(async (file: string, options: { verbose?: boolean; json?: boolean }) => {
      const { validateCommand } = await import('./validate-command.ts');
      exitCode = await validateCommand(
        file,
        { verbose: options.verbose === true, json: options.json === true },
        io,
      );
    });
  program
    .command('list')
    .description('List the workflows (with their inputs) and the agents (with model and tools) of a file')
    .argument('<file>', 'the workflow file')
    .option('--json', 'print { file, workflows, agents } as JSON')
    .option('-v, --verbose', 'stack traces on errors')
    .action(async (file: string, options: { json?: boolean }) => {
      const { listCommand } = await import('./list-command.ts');
      exitCode = await listCommand(file, { json: options.json === true }, io);
    });
  program
    .command('events')
    .description("Print a run's event log, in order; --follow prints new events until the run ends")
    .argument('<run>', 'the run id (or a unique prefix of it)')
    .option(
      '--type <type>',
      'only events of this type (repeat, or separate with commas; * matches any text)',
      collect,
    )
    .option('--since <time>', 'only events from this ISO 8601 time on')
    .option('-f, --follow', 'keep printing new events until the run has ended (Ctrl-C stops)')
    .option('--store <location>', STORE_HELP)
    .option('-o, --output <format>', 'text (default) or json (JSON Lines: one object per event)', 'text')
    .option('-v, --verbose', 'stack traces on errors')
    .action(
      async (
        run: string,
        options: { type?: string[]; since?: string; follow?: boolean; store?: string; output: string },
      ) => {
        const { eventsCommand, parseEventTypes, parseSince } = await import('./events-command.ts');
        exitCode = await eventsCommand(
          run,
          {
            ...(options.type === undefined ? {} : { types: parseEventTypes(options.type) }),
            ...(options.since === undefined ? {} : { since: parseSince(options.since) }),
            follow: options.follow === true,
            ...(options.store === undefined ? {} : { store: options.store }),
            output: outputFormat(options.output),
          },
          io,
        );
      },
    );
  program
    .command('trace')
    .description("Show a run's spans as a tree (durations, tokens, cost, critical path), or export them")
    .argument('<run>', 'the run id (or a unique prefix of it)')
    .option('--export <format>', 'write the spans as chrome (Perfetto), jsonl, or send them to OTLP')
    .option('--out <file>', 'the file --export chrome|jsonl writes (default stdout)')
    .option('--store <location>', STORE_HELP)
    .option('-o, --output <format>', 'text (default) or json', 'text')
    .option('-v, --verbose', 'stack traces on errors')
    .action(
      async (run: string, options: { export?: string; out?: string; store?: string; output: string }) => {
        const { parseTraceExport, traceCommand } = await import('./trace-command.ts');
        exitCode = await traceCommand(
          run,
          {
            ...(options.export === undefined ? {} : { export: parseTraceExport(options.export) }),
            ...(options.out === undefined ? {} : { out: options.out }),
            ...(options.store === undefined ? {} : { store: options.store }),
            output: outputFormat(options.output),
          },
          io,
        );
      },
    );
  program
    .command('cost')
    .description('Spend from the store by day, model, agent, workflow or run: table, CSV, JSON or HTML')
    .option('--by <dimension>', 'day (default), model, agent, workflow or run')
    .option('--since <time>', 'only calls from this ISO date or date-time on')
    .option('--until <time>', 'only calls before this ISO date or date-time')
    .option('--run <id>', 'only this run (or a unique prefix of its id)')
    .option('--format <format>', 'table (default), csv, json or html')
    .option('--out <file>', 'write to this file (for html: one self-contained page)')
    .option('--store <location>', STORE_HELP)
    .option('-v, --verbose', 'stack traces on errors')
    .action(
      async (options: {
        by?: string;
        since?: string;
        until?: string;
        run?: string;
        format?: string;
        out?: string;
        store?: string;
      }) => {
        const { costCommand, parseSpendDimension, parseSpendFormat, parseTimeOption } = await import(
          './cost-command.ts'
        );
        exitCode = await costCommand(
          {
            ...(options.by === undefined ? {} : { by: parseSpendDimension(options.by) }),
            ...(options.since === undefined ? {} : { since: parseTimeOption('--since', options.since) }),
            ...(options.until === undefined ? {} : { until: parseTimeOption('--until', options.until) }),
            ...(options.run === undefined ? {} : { run: options.run }),
            ...(options.format === undefined ? {} : { format: parseSpendFormat(options.format) }),
            ...(options.out === undefined ? {} : { out: options.out }),
            ...(options.store === undefined ? {} : { store: options.store }),
          },
          io,
        );
      },
    );
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const report = reportError(error, { verbose, color: io.color });
    io.stderr(`${report.text}\n`);
    return report.exitCode;
  }
}

const STORE_HELP = 'an SQLite file or a postgres:// URL (default $VEGA_STORE, else .vega/vega.db)';

/**
 * The file `vega show agent|workflow` reads (positional or `--file`), checked; `undefined` for a run.
 */
function showFile(
  target: 'run' | 'agent' | 'workflow',
  positional: string | undefined,
  option: string | undefined,
): string | undefined {
  if (target === 'run') {
    if (positional !== undefined || option !== undefined) {
      throw new CommandLineError("'vega show run' takes a run id and no file.", 'Use: vega show run <id>');
    }
    return undefined;
  }
  if (positional !== undefined && option !== undefined && positional !== option) {
    throw new CommandLineError(`'vega show ${target}' got two files: '${positional}' and '${option}'.`);
  }
  const file = option ?? positional;
  if (file === undefined) {
    throw new CommandLineError(
      `'vega show ${target}' needs the workflow file.`,
      `Use: vega show ${target} <name> --file FILE`,
    );
  }
  return file;
}

/** Collects a repeatable option's values. */
function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `--output`'s value, checked. */
export function outputFormat(value: string): 'text' | 'json' {
  if (value === 'text' || value === 'json') return value;
  throw new CommandLineError(`'--output' takes text or json, not '${value}'.`);
}
