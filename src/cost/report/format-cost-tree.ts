import { formatUsd } from '../format-usd.ts';
import type { CostNode } from './cost-tree.ts';

/** Options of {@link formatCostTree}. */
export interface FormatCostTreeOptions {
  /** Show one line per model call under each agent. Default `true`. */
  readonly calls?: boolean;
  /** Use ANSI colors: bold total, dim calls, yellow unknown costs. Default `false`. */
  readonly color?: boolean;
  /** Longer step, agent and model names are cut to this many characters with `…`. Default 40. */
  readonly maxNameWidth?: number;
}

interface Row {
  readonly kind: CostNode['kind'];
  readonly label: string;
  readonly input: string;
  readonly output: string;
  readonly cacheRead: string;
  readonly cacheWrite: string;
  readonly usd: string;
  readonly unknown: boolean;
  readonly note: string;
}

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * Formats a cost tree for the terminal (what `vega run` prints after a run): one line per node,
 * indented by level, with aligned token and dollar columns. Cache columns are left out when the whole
 * tree read and wrote no cache; a cost is `unknown` when some model under it has no price, and a last
 * line (`  unknown: no price for …`) names those models. No trailing newline.
 *
 * @example
 * console.error(formatCostTree(buildCostTree(records, 'greet'), { color: io.color }));
 * // cost  greet                 in 10,000  out 500  $0.0375  1 call
 * //   step draft                in 10,000  out 500  $0.0375  1 call
 * //     agent Coder             in 10,000  out 500  $0.0375  1 call
 * //       #1 claude-sonnet-4-5  in 10,000  out 500  $0.0375
 */
export function formatCostTree(tree: CostNode, options: FormatCostTreeOptions = {}): string {
  const showCalls = options.calls ?? true;
  const maxNameWidth = Math.max(2, options.maxNameWidth ?? 40);
  const paint = (code: string, text: string) =>
    options.color === true && text !== '' ? `\u001b[${code}m${text}\u001b[0m` : text;

  const rows: Row[] = [];
  let anyCache = false;
  const visit = (node: CostNode, depth: number) => {
    if (node.kind === 'call' && !showCalls) return;
    const { usage, cost } = node;
    if (usage.cacheReadTokens !== 0 || usage.cacheWriteTokens !== 0) anyCache = true;
    rows.push({
      kind: node.kind,
      label: `${'  '.repeat(depth)}${labelOf(node, cut(node.name, maxNameWidth))}`,
      input: COUNT.format(usage.inputTokens),
      output: COUNT.format(usage.outputTokens),
      cacheRead: COUNT.format(usage.cacheReadTokens),
      cacheWrite: COUNT.format(usage.cacheWriteTokens),
      usd: formatUsd(cost.usd),
      unknown: cost.usd === undefined,
      note: noteOf(node, maxNameWidth),
    });
    for (const child of node.children) visit(child, depth + 1);
  };
  visit(tree, 0);

  const width = (column: (row: Row) => string) => Math.max(...rows.map((row) => column(row).length));
  const labelWidth = width((row) => row.label);
  const inputWidth = width((row) => row.input);
  const outputWidth = width((row) => row.output);
  const cacheReadWidth = width((row) => row.cacheRead);
  const cacheWriteWidth = width((row) => row.cacheWrite);
  const usdWidth = width((row) => row.usd);

  const lines = rows.map((row) => {
    const style = row.kind === 'run' ? '1' : row.kind === 'call' ? '2' : '';
    const rowPaint = (text: string) => (style === '' ? text : paint(style, text));
    const tokens =
      `${row.label.padEnd(labelWidth)}  in ${row.input.padStart(inputWidth)}  out ${row.output.padStart(outputWidth)}` +
      (anyCache
        ? `  cache r ${row.cacheRead.padStart(cacheReadWidth)}  w ${row.cacheWrite.padStart(cacheWriteWidth)}`
        : '');
    const usd = row.usd.padStart(usdWidth);
    const line = `${rowPaint(tokens)}  ${row.unknown ? paint('33', usd) : rowPaint(usd)}${row.note === '' ? '' : `  ${rowPaint(row.note)}`}`;
    return line.trimEnd();
  });

  const unpriced = tree.cost.unpricedModels;
  if (unpriced.length > 0) {
    lines.push(paint('33', `  unknown: no price for ${unpriced.join(', ')}`));
  }
  return lines.join('\n');
}

function labelOf(node: CostNode, name: string): string {
  switch (node.kind) {
    case 'run':
      return `cost  ${name}`;
    case 'step':
      return `step ${name}`;
    case 'agent':
      return `agent ${name}`;
    case 'call':
      return name;
  }
}

function noteOf(node: CostNode, maxNameWidth: number): string {
  if (node.kind !== 'call') return `${COUNT.format(node.calls)} call${node.calls === 1 ? '' : 's'}`;
  const notes: string[] = [];
  if (node.fallbackFrom !== undefined) notes.push(`fallback from ${cut(node.fallbackFrom, maxNameWidth)}`);
  if (node.attempts !== undefined && node.attempts > 1) notes.push(`${node.attempts} attempts`);
  return notes.join(', ');
}

function cut(name: string, maxWidth: number): string {
  return name.length <= maxWidth ? name : `${name.slice(0, maxWidth - 1)}…`;
}
