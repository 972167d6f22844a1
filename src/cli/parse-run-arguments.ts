import { closestName } from '../diagnostics/closest-name.ts';
import { LOGGER_LEVELS, type LogLevel } from '../observe/logging/logger.ts';
import { parseTraceTarget, type TraceTarget } from '../observe/tracing/trace-target.ts';
import { MONEY_FORM, parseMoney } from '../workflow/load/read-money.ts';
import { CommandLineError } from './command-line-error.ts';
import { PROGRESS_MODES, type ProgressMode } from './progress/choose-progress.ts';

/** What `vega run` was asked to do. */
export interface RunArguments {
  readonly file: string;
  readonly workflow?: string;
  /** Overrides every agent's model. */
  readonly model?: string;
  /** `--budget $X`: the hard cap of this run in dollars, over `settings.budget`. */
  readonly budgetUsd?: number;
  /** `--store`: where the run is kept (an SQLite path or a postgres:// URL). */
  readonly store?: string;
  readonly output: RunOutputFormat;
  /** `--out FILE`: the output goes into this file (written atomically) instead of stdout. */
  readonly out?: string;
  /** `--inputs FILE.json` or `--inputs -` (a JSON object on standard input). */
  readonly inputsFile?: string;
  /** `--metrics-port N`: serve Prometheus `/metrics` on this port for the run's duration (0: any free port). */
  readonly metricsPort?: number;
  /** `--metrics-host H`: where the metrics endpoint listens; default 127.0.0.1. */
  readonly metricsHost?: string;
  /** `--log-level debug|info|warn|error`: log the run at this level (over `VEGA_LOG_LEVEL` and settings). */
  readonly logLevel?: LogLevel;
  /** `--log-file PATH`: append the run's log (JSON lines) to this file. */
  readonly logFile?: string;
  /** `--trace jsonl|chrome|otlp|store[=FILE|URL]`: trace the run (over `settings.tracing`). */
  readonly trace?: TraceTarget;
  /** `--dry-run`: print the plan, call no model, touch no store. */
  readonly dryRun: boolean;
  readonly quiet: boolean;
  /** `--progress`: the step display on stderr (`auto`: a live tree on a terminal, lines on a pipe). */
  readonly progress: ProgressMode;
  readonly verbose: boolean;
  readonly help: boolean;
  /** `--<input> value` pairs, as text; the workflow's declared types coerce them. */
  readonly inputs: Readonly<Record<string, string | boolean>>;
}

/** What `vega run --output` accepts. */
export type RunOutputFormat = 'text' | 'json' | 'yaml';

type ValueFlag =
  | 'workflow'
  | 'model'
  | 'output'
  | 'budget'
  | 'store'
  | 'out'
  | 'inputs'
  | 'progress'
  | 'metricsPort'
  | 'metricsHost'
  | 'logLevel'
  | 'logFile'
  | 'trace';

const VALUE_FLAGS: Readonly<Record<string, ValueFlag>> = {
  '--out': 'out',
  '--inputs': 'inputs',
  '--store': 'store',
  '--workflow': 'workflow',
  '-w': 'workflow',
  '--model': 'model',
  '-m': 'model',
  '--output': 'output',
  '-o': 'output',
  '--budget': 'budget',
  '--progress': 'progress',
  '--metrics-port': 'metricsPort',
  '--metrics-host': 'metricsHost',
  '--log-level': 'logLevel',
  '--log-file': 'logFile',
  '--trace': 'trace',
};
const SWITCHES: Readonly<Record<string, 'quiet' | 'verbose' | 'help' | 'dryRun' | 'json'>> = {
  '--dry-run': 'dryRun',
  '--json': 'json',
  '--quiet': 'quiet',
  '-q': 'quiet',
  '--verbose': 'verbose',
  '-v': 'verbose',
  '--help': 'help',
  '-h': 'help',
};
const OUTPUTS: readonly RunOutputFormat[] = ['text', 'json', 'yaml'];

/**
 * Parses `vega run` arguments. Flags may come before or after the file; any other `--name value` (or
 * `--name=value`) is a workflow input, and `--name` alone before another flag or at the end is `true`.
 *
 * @example
 * parseRunArguments(['team.vega.yaml', '--task', 'a parser', '--model', 'scripted:echo']);
 */
export function parseRunArguments(args: readonly string[]): RunArguments {
  const values: { [Flag in ValueFlag]?: string } = {};
  const switches = { quiet: false, verbose: false, help: false, dryRun: false };
  let json = false;
  const inputs: Record<string, string | boolean> = {};
  const files: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === '--') {
      files.push(...args.slice(index + 1));
      break;
    }
    const [flag, inline] = splitInline(arg);
    const valueFlag = VALUE_FLAGS[flag];
    if (valueFlag !== undefined) {
      const value = inline ?? args[index + 1];
      const negativeBudget = valueFlag === 'budget' && /^-[$\d.]/.test(value ?? '');
      // `--inputs -` reads standard input: `-` is its value, not a flag.
      const dash = valueFlag === 'inputs' && value === '-';
      if (
        value === undefined ||
        (inline === undefined && value.startsWith('-') && !negativeBudget && !dash)
      ) {
        throw new CommandLineError(`'${flag}' needs a value.`, `Write it as ${flag} <${valueFlag}>.`);
      }
      if (inline === undefined) index += 1;
      if (values[valueFlag] !== undefined && values[valueFlag] !== value) {
        throw new CommandLineError(
          `'${flag}' was given twice: '${values[valueFlag]}' and '${value}'.`,
          'Give it once.',
        );
      }
      values[valueFlag] = value;
    } else if (SWITCHES[flag] !== undefined) {
      const name = SWITCHES[flag];
      if (name === 'json') json = true;
      else switches[name] = true;
    } else if (flag.startsWith('--') && flag.length > 2) {
      const name = flag.slice(2);
      const next = args[index + 1];
      if (inline !== undefined) inputs[name] = inline;
      else if (next === undefined || next.startsWith('--')) inputs[name] = true;
      else {
        inputs[name] = next;
        index += 1;
      }
    } else if (flag.startsWith('-') && flag !== '-') {
      const known = [...Object.keys(VALUE_FLAGS), ...Object.keys(SWITCHES)];
      const suggestion = closestName(flag, known);
      throw new CommandLineError(
        `Unknown option '${flag}'.`,
        suggestion === undefined ? 'Run `vega run --help` for the options.' : `Did you mean '${suggestion}'?`,
      );
    } else files.push(arg);
  }
  if (switches.help) return { file: files[0] ?? '', output: 'text', progress: 'auto', ...switches, inputs };
  if (switches.quiet && switches.verbose) {
    throw new CommandLineError("'--quiet' and '--verbose' cannot be used together.", 'Choose one of them.');
  }
  if (files.length === 0) {
    throw new CommandLineError(
      'No workflow file given.',
      'Usage: vega run FILE [--workflow W] [--<input> VALUE ...] (see vega run --help)',
    );
  }
  if (files.length > 1) {
    throw new CommandLineError(
      `Expected one workflow file, got ${files.length}: ${files.join(', ')}.`,
      'Give inputs as --<name> <value>; quote values with spaces.',
    );
  }
  // `--json` is `--output json`, the way other CLIs spell it.
  if (json && values.output !== undefined && values.output !== 'json') {
    throw new CommandLineError(
      `'--json' and '--output ${values.output}' cannot be used together.`,
      '--json is short for --output json: give one of them.',
    );
  }
  const output = values.output ?? (json ? 'json' : 'text');
  if (!(OUTPUTS as readonly string[]).includes(output)) {
    const suggestion = closestName(output, OUTPUTS);
    throw new CommandLineError(
      `'--output' takes ${OUTPUTS.slice(0, -1).join(', ')} or ${OUTPUTS.at(-1)}, not '${output}'.`,
      suggestion === undefined ? undefined : `Did you mean '${suggestion}'?`,
    );
  }
  const progress = values.progress ?? 'auto';
  if (!(PROGRESS_MODES as readonly string[]).includes(progress)) {
    const suggestion = closestName(progress, PROGRESS_MODES);
    throw new CommandLineError(
      `'--progress' takes ${PROGRESS_MODES.slice(0, -1).join(', ')} or ${PROGRESS_MODES.at(-1)}, not '${progress}'.`,
      suggestion === undefined ? undefined : `Did you mean '${suggestion}'?`,
    );
  }
  const budgetUsd = values.budget === undefined ? undefined : readBudget(values.budget);
  const metricsPort = values.metricsPort === undefined ? undefined : readPort(values.metricsPort);
  if (values.metricsHost !== undefined && metricsPort === undefined) {
    throw new CommandLineError("'--metrics-host' needs '--metrics-port'.", 'Add --metrics-port N.');
  }
  return {
    file: files[0]!,
    ...(values.workflow === undefined ? {} : { workflow: values.workflow }),
    ...(values.model === undefined ? {} : { model: values.model }),
    ...(budgetUsd === undefined ? {} : { budgetUsd }),
    ...(values.store === undefined ? {} : { store: values.store }),
    ...(values.out === undefined ? {} : { out: values.out }),
    ...(values.inputs === undefined ? {} : { inputsFile: values.inputs }),
    ...(metricsPort === undefined ? {} : { metricsPort }),
    ...(values.metricsHost === undefined ? {} : { metricsHost: values.metricsHost }),
    ...(values.logLevel === undefined ? {} : { logLevel: readLogLevel(values.logLevel, "'--log-level'") }),
    ...(values.logFile === undefined ? {} : { logFile: values.logFile }),
    ...(values.trace === undefined ? {} : { trace: readTraceTarget(values.trace) }),
    output: output as RunOutputFormat,
    progress: progress as ProgressMode,
    ...switches,
    inputs,
  };
}

function readBudget(text: string): number {
  const dollars = parseMoney(text);
  if (dollars !== undefined) return dollars;
  if (text.startsWith('-') && parseMoney(text.slice(1)) !== undefined) {
    throw new CommandLineError(`'--budget' cannot be negative, not '${text}'.`);
  }
  throw new CommandLineError(
    `'--budget' takes an amount of money like ${MONEY_FORM}, not '${text}'.`,
    "Quote it so the shell keeps the $ (--budget '$0.50'), or give dollars: --budget 0.5.",
  );
}

function readPort(text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (port <= 65535) return port;
  throw new CommandLineError(
    `'--metrics-port' takes a port number from 0 to 65535, not '${text}'.`,
    'Give 0 to use any free port.',
  );
}

function readTraceTarget(text: string): TraceTarget {
  const target = parseTraceTarget(text);
  if (target !== undefined) return target;
  throw new CommandLineError(
    `'--trace' takes jsonl, chrome, otlp or store, optionally with =FILE (jsonl, chrome) or =URL (otlp), not '${text}'.`,
    'For example --trace chrome, --trace jsonl=trace.jsonl or --trace otlp=http://127.0.0.1:4318.',
  );
}

function splitInline(arg: string): [string, string | undefined] {
  if (!arg.startsWith('--')) return [arg, undefined];
  const equals = arg.indexOf('=');
  return equals === -1 ? [arg, undefined] : [arg.slice(0, equals), arg.slice(equals + 1)];
}

/** A log level by name; `where` names where it was given (a flag, a variable) in the error. */
export function readLogLevel(text: string, where: string): LogLevel {
  if ((LOGGER_LEVELS as readonly string[]).includes(text)) return text as LogLevel;
  const suggestion = closestName(text, LOGGER_LEVELS);
  throw new CommandLineError(
    `${where} takes ${LOGGER_LEVELS.slice(0, -1).join(', ')} or ${LOGGER_LEVELS.at(-1)}, not '${text}'.`,
    suggestion === undefined ? undefined : `Did you mean '${suggestion}'?`,
  );
}
