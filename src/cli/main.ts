import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import type { CliIo } from './cli-io.ts';
import { parseRunArguments } from './parse-run-arguments.ts';
import { reportError } from './report-error.ts';
import { runCommand } from './run-command.ts';

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
