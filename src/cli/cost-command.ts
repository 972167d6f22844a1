import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { RunNotFound } from '../errors/durable-errors.ts';
import { SPEND_DIMENSIONS, type SpendDimension, spendReport } from '../observe/store/spend-report.ts';
import type { CliIo } from './cli-io.ts';
import { CommandLineError } from './command-line-error.ts';
import { formatSpendHtml } from './format-spend-html.ts';
import { formatSpendCsv, formatSpendJson, formatSpendTable } from './format-spend-report.ts';
import { openCliStore } from './open-cli-store.ts';
import type { StoreOption } from './run-commands-shared.ts';

/** The formats `vega cost` writes. */
export const SPEND_FORMATS = ['table', 'csv', 'json', 'html'] as const;
export type SpendFormat = (typeof SPEND_FORMATS)[number];

/** Options of `vega cost`. */
export interface CostCommandOptions extends StoreOption {
  readonly by?: SpendDimension;
  /** Epoch ms, inclusive. */
  readonly since?: number;
  /** Epoch ms, exclusive. */
  readonly until?: number;
  /** A run id or a unique prefix of one. */
  readonly run?: string;
  readonly format?: SpendFormat;
  /** Write to this file instead of stdout (an HTML report is meant for a file). */
  readonly out?: string;
  /** The report's "generated" time; the clock by default. */
  readonly now?: () => number;
}

/**
 * `vega cost`: spend from the store's event log by day, model, agent, workflow or run, as a table,
 * CSV, JSON or one self-contained HTML file with a bar chart. Sums are exact (integer nano-dollars).
 *
 * @example
 * process.exitCode = await costCommand({ by: 'model', format: 'html', out: 'report.html' }, processIo());
 */
export async function costCommand(options: CostCommandOptions, io: CliIo): Promise<number> {
  const store = await openCliStore(options.store, io);
  let text: string;
  try {
    let runId: string | undefined;
    if (options.run !== undefined) {
      const run = await store.findRun(options.run);
      if (run === undefined) throw new RunNotFound(options.run, store.location);
      runId = run.id;
    }
    const report = await spendReport(store, {
      by: options.by ?? 'day',
      ...(options.since === undefined ? {} : { since: options.since }),
      ...(options.until === undefined ? {} : { until: options.until }),
      ...(runId === undefined ? {} : { runId }),
      ...(io.signal === undefined ? {} : { signal: io.signal }),
    });
    const format = options.format ?? 'table';
    text =
      format === 'csv'
        ? formatSpendCsv(report)
        : format === 'json'
          ? formatSpendJson(report)
          : format === 'html'
            ? formatSpendHtml(report, new Date((options.now ?? Date.now)()))
            : `${formatSpendTable(report)}\n`;
  } finally {
    await store.close();
  }
  if (options.out === undefined) io.stdout(text);
  else {
    await writeFile(resolve(io.cwd, options.out), text);
    io.stderr(`Wrote ${options.out}.\n`);
  }
  return 0;
}

/**
 * Checks `--by`.
 *
 * @example
 * parseSpendDimension('model'); // 'model'
 */
export function parseSpendDimension(value: string): SpendDimension {
  if ((SPEND_DIMENSIONS as readonly string[]).includes(value)) return value as SpendDimension;
  throw new CommandLineError(`'--by' takes ${SPEND_DIMENSIONS.join(', ')}, not '${value}'.`);
}

/**
 * Checks `--format`.
 *
 * @example
 * parseSpendFormat('csv'); // 'csv'
 */
export function parseSpendFormat(value: string): SpendFormat {
  if ((SPEND_FORMATS as readonly string[]).includes(value)) return value as SpendFormat;
  throw new CommandLineError(
    `'--format' takes ${SPEND_FORMATS.join(', ')}, not '${value}'.`,
    'html writes one self-contained file: add --out report.html.',
  );
}

/**
 * Checks `--since`/`--until`: an ISO 8601 date or date-time (a date alone is its midnight UTC).
 *
 * @example
 * parseTimeOption('--until', '2026-11-22'); // 1795305600000
 */
export function parseTimeOption(flag: string, value: string): number {
  const at = Date.parse(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value.trim()) && !Number.isNaN(at)) return at;
  throw new CommandLineError(
    `'${flag}' takes an ISO date or date-time like 2026-11-21 or 2026-11-21T08:00:00Z, not '${value}'.`,
  );
}
