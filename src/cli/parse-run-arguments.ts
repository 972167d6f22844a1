import { closestName } from '../diagnostics/closest-name.ts';
import { MONEY_FORM, parseMoney } from '../workflow/load/read-money.ts';
import { CommandLineError } from './command-line-error.ts';

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
  /** `--dry-run`: print the plan, call no model, touch no store. */
  readonly dryRun: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly help: boolean;
  /** `--<input> value` pairs, as text; the workflow's declared types coerce them. */
  readonly inputs: Readonly<Record<string, string | boolean>>;
}

/** What `vega run --output` accepts. */
export type RunOutputFormat = 'text' | 'json' | 'yaml';

type ValueFlag = 'workflow' | 'model' | 'output' | 'budget' | 'store' | 'out' | 'inputs';

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
};
const SWITCHES: Readonly<Record<string, 'quiet' | 'verbose' | 'help' | 'dryRun'>> = {
  '--dry-run': 'dryRun',
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
      switches[SWITCHES[flag]] = true;
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
  if (switches.help) return { file: files[0] ?? '', output: 'text', ...switches, inputs };
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
  const output = values.output ?? 'text';
  if (!(OUTPUTS as readonly string[]).includes(output)) {
    const suggestion = closestName(output, OUTPUTS);
    throw new CommandLineError(
      `'--output' takes ${OUTPUTS.slice(0, -1).join(', ')} or ${OUTPUTS.at(-1)}, not '${output}'.`,
      suggestion === undefined ? undefined : `Did you mean '${suggestion}'?`,
    );
  }
  const budgetUsd = values.budget === undefined ? undefined : readBudget(values.budget);
  return {
    file: files[0]!,
    ...(values.workflow === undefined ? {} : { workflow: values.workflow }),
    ...(values.model === undefined ? {} : { model: values.model }),
    ...(budgetUsd === undefined ? {} : { budgetUsd }),
    ...(values.store === undefined ? {} : { store: values.store }),
    ...(values.out === undefined ? {} : { out: values.out }),
    ...(values.inputs === undefined ? {} : { inputsFile: values.inputs }),
    output: output as RunOutputFormat,
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

function splitInline(arg: string): [string, string | undefined] {
  if (!arg.startsWith('--')) return [arg, undefined];
  const equals = arg.indexOf('=');
  return equals === -1 ? [arg, undefined] : [arg.slice(0, equals), arg.slice(equals + 1)];
}
