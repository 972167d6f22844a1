import type { SpendReport } from '../observe/store/spend-report.ts';
import { formatUsdExact } from './format-spend-report.ts';

const BAR_HEIGHT = 22;
const LABEL_WIDTH = 220;
const CHART_WIDTH = 460;

/**
 * The spend report as one self-contained HTML file: inline CSS, an inline SVG bar chart (one bar per
 * group, labelled), and the table. No script and no external reference: it opens offline and can be
 * mailed as is.
 *
 * @example
 * await writeFile('report.html', formatSpendHtml(report, new Date()));
 */
export function formatSpendHtml(report: SpendReport, generatedAt: Date): string {
  const max = Math.max(1, ...report.rows.map((row) => row.costNanoUsd));
  const height = Math.max(1, report.rows.length) * (BAR_HEIGHT + 6) + 6;
  const bars = report.rows
    .map((row, index) => {
      const y = 6 + index * (BAR_HEIGHT + 6);
      const width = Math.round((row.costNanoUsd / max) * CHART_WIDTH);
      return `<g class="bar"><text x="${LABEL_WIDTH - 8}" y="${y + 16}" text-anchor="end">${escapeHtml(row.key)}</text><rect x="${LABEL_WIDTH}" y="${y}" width="${width}" height="${BAR_HEIGHT}"><title>${escapeHtml(row.key)}: $${formatUsdExact(row.costNanoUsd)}</title></rect><text x="${LABEL_WIDTH + width + 6}" y="${y + 16}">$${formatUsdExact(row.costNanoUsd)}</text></g>`;
    })
    .join('\n');
  const cells = (values: readonly (string | number)[]) =>
    values.map((value) => `<td>${escapeHtml(String(value))}</td>`).join('');
  const rows = report.rows
    .map(
      (row) =>
        `<tr>${cells([row.key, row.calls, row.inputTokens, row.outputTokens, formatUsdExact(row.costNanoUsd), row.unpricedCalls])}</tr>`,
    )
    .join('\n');
  const { total } = report;
  const window = [
    report.since === undefined ? undefined : `from ${new Date(report.since).toISOString()}`,
    report.until === undefined ? undefined : `until ${new Date(report.until).toISOString()}`,
    report.runId === undefined ? undefined : `run ${report.runId}`,
  ]
    .filter((part) => part !== undefined)
    .join(', ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Vega spend by ${escapeHtml(report.by)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #1d1d1f; }
h1 { font-size: 1.4rem; }
table { border-collapse: collapse; margin-top: 1.5rem; }
th, td { padding: 0.3rem 0.8rem; border-bottom: 1px solid #ddd; text-align: right; }
th:first-child, td:first-child { text-align: left; }
tfoot td { font-weight: bold; }
svg text { font: 12px system-ui, sans-serif; fill: #333; }
svg rect { fill: #4f6bed; }
</style>
</head>
<body>
<h1>Spend by ${escapeHtml(report.by)}</h1>
<p>Total $${formatUsdExact(total.costNanoUsd)} over ${total.calls} model calls${window === '' ? '' : ` (${escapeHtml(window)})`}. Generated ${escapeHtml(generatedAt.toISOString())}.</p>
<svg width="${LABEL_WIDTH + CHART_WIDTH + 120}" height="${height}" role="img" aria-label="Spend by ${escapeHtml(report.by)}">
${bars}
</svg>
<table>
<thead><tr><th>${escapeHtml(report.by)}</th><th>calls</th><th>input tokens</th><th>output tokens</th><th>cost (USD)</th><th>unpriced calls</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr>${cells(['total', total.calls, total.inputTokens, total.outputTokens, formatUsdExact(total.costNanoUsd), total.unpricedCalls])}</tr></tfoot>
</table>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
