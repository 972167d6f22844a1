import type { SpendReport, SpendRow } from '../observe/store/spend-report.ts';

const HEADERS = ['calls', 'input tokens', 'output tokens', 'cost (USD)', 'unpriced calls'] as const;

/** Dollars to the nano-dollar, exact: the integer nano-dollars written out with nine decimals. */
export function formatUsdExact(nanoUsd: number): string {
  const whole = Math.floor(nanoUsd / 1e9);
  return `${whole}.${String(nanoUsd - whole * 1e9).padStart(9, '0')}`;
}

function values(row: SpendRow): string[] {
  return [
    String(row.calls),
    String(row.inputTokens),
    String(row.outputTokens),
    formatUsdExact(row.costNanoUsd),
    String(row.unpricedCalls),
  ];
}

/**
 * The spend report as an aligned table, its total last.
 *
 * @example
 * io.stdout(formatSpendTable(report));
 */
export function formatSpendTable(report: SpendReport): string {
  const rows = [
    [report.by, ...HEADERS],
    ...report.rows.map((row) => [row.key, ...values(row)]),
    ['total', ...values(report.total)],
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => [...row[column]!].length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '─'.repeat(width)).join('  ');
  const body =
    report.rows.length === 0
      ? ['(no model calls in this window)']
      : report.rows.map((_, index) => line(rows[index + 1]!));
  return [line(rows[0]!), rule, ...body, rule, line(rows.at(-1)!)].join('\n');
}

/**
 * The spend report as CSV (RFC 4180: fields with commas, quotes or line breaks quoted), one row per
 * group and a `total` row; costs in exact dollars.
 *
 * @example
 * await writeFile('spend.csv', formatSpendCsv(report));
 */
export function formatSpendCsv(report: SpendReport): string {
  const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  const header = [report.by, 'calls', 'input_tokens', 'output_tokens', 'cost_usd', 'unpriced_calls'];
  const rows = [
    header,
    ...report.rows.map((row) => [row.key, ...values(row)]),
    ['total', ...values(report.total)],
  ];
  return `${rows.map((row) => row.map(quote).join(',')).join('\r\n')}\r\n`;
}

/**
 * The spend report as JSON: the report with each cost also in dollars (`costUsd`).
 *
 * @example
 * io.stdout(formatSpendJson(report));
 */
export function formatSpendJson(report: SpendReport): string {
  const withUsd = (row: SpendRow) => ({ ...row, costUsd: row.costNanoUsd / 1e9 });
  return `${JSON.stringify(
    {
      by: report.by,
      ...(report.since === undefined ? {} : { since: new Date(report.since).toISOString() }),
      ...(report.until === undefined ? {} : { until: new Date(report.until).toISOString() }),
      ...(report.runId === undefined ? {} : { run: report.runId }),
      rows: report.rows.map(withUsd),
      total: withUsd(report.total),
    },
    null,
    2,
  )}\n`;
}
