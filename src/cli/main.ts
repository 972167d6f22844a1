import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import type { CliIo } from './cli-io.ts';
import { CommandLineError } from './command-line-error.ts';
import { eventsCommand, parseEventTypes, parseSince } from './events-command.ts';
import { parseRunArguments } from './parse-run-arguments.ts';
import { replayCommand } from './replay-command.ts';
import { reportError } from './report-error.ts';
import { resumeCommand } from './resume-command.ts';
import { runCommand } from './run-command.ts';
import { parseLimit, parseRunState, runsCommand } from './runs-command.ts';
import { parseShowTarget, showRunCommand } from './show-run-command.ts';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/**
 * The `vega` command line. Returns the exit code: 0 done, 1 the run failed, 2 the file or the command
 * line is invalid, 130 interrupted.
 *
 * @example
 * process.exitCode = await main(['run', 'examples/hello.vega.yaml'], processIo());
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
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
      exitCode = await runCommand(parseRunArguments(args), io);
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
    .description('Show one run in full: its header, steps and journal of effects')
    .usage('run <id> [options]')
    .argument('<what>', 'what to show: run')
    .argument('<id>', 'the run id (or a unique prefix of it)')
    .option('--store <location>', STORE_HELP)
    .option('-o, --output <format>', 'text (default) or json', 'text')
    .option('-v, --verbose', 'stack traces on errors')
    .action(async (what: string, id: string, options: { store?: string; output: string }) => {
      parseShowTarget(what);
      exitCode = await showRunCommand(
        id,
        {
          ...(options.store === undefined ? {} : { store: options.store }),
          output: outputFormat(options.output),
        },
        io,
      );
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

/** Collects a repeatable option's values. */
function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `--output`'s value, checked. */
export function outputFormat(value: string): 'text' | 'json' {
  if (value === 'text' || value === 'json') return value;
  throw new CommandLineError(`'--output' takes text or json, not '${value}'.`);
}
