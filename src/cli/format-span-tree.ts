import type { SpanTree, SpanTreeNode } from '../observe/store/span-tree.ts';
import type { RunRecord } from '../spec/store.ts';
import { formatDuration } from './format-duration.ts';

/** The mark of a span on the critical path. */
export const CRITICAL_MARK = '◆';

/**
 * The span tree of a run for the terminal: one line per span, indented under its parent, with its
 * duration, tokens (in/out) and cost; spans on the critical path marked with ◆, spans that never ended
 * shown as unfinished, errors with their message. A legend closes it.
 *
 * @example
 * io.stdout(formatSpanTree(run, spanTree(spans), { color: false }));
 */
export function formatSpanTree(run: RunRecord, tree: SpanTree, options: { color: boolean }): string {
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const rows: { label: string; node: SpanTreeNode }[] = [];
  const walk = (node: SpanTreeNode, indent: string, branch: string) => {
    const mark = node.critical ? `${CRITICAL_MARK} ` : '  ';
    rows.push({ label: `${indent}${branch}${mark}${node.span.name}`, node });
    const childIndent = indent + (branch === '' ? '' : branch === '└─ ' ? '   ' : '│  ');
    for (const [index, child] of node.children.entries())
      walk(child, childIndent, index === node.children.length - 1 ? '└─ ' : '├─ ');
  };
  for (const root of tree.roots) walk(root, '', '');
  const width = Math.max(...rows.map((row) => [...row.label].length));
  const unfinished = tree.nodes.filter((node) => node.durationUs === undefined).length;
  const header = `Spans of run ${run.id} (${run.kind} ${run.name}, ${run.status}): ${tree.nodes.length} spans${
    unfinished === 0 ? '' : `, ${unfinished} unfinished`
  }`;
  const lines = rows.map(({ label, node }) => {
    const duration =
      node.durationUs === undefined ? paint('33', 'unfinished') : formatMicros(node.durationUs);
    const columns = [duration.padStart(10)];
    if (node.inputTokens > 0 || node.outputTokens > 0)
      columns.push(`${node.inputTokens} in / ${node.outputTokens} out`);
    if (node.costNanoUsd > 0) columns.push(formatNanoUsd(node.costNanoUsd));
    if (node.span.status === 'error')
      columns.push(
        paint('31', `error${node.span.statusMessage === undefined ? '' : `: ${node.span.statusMessage}`}`),
      );
    const text = `${label.padEnd(width + label.length - [...label].length)}  ${columns.join('  ')}`;
    return node.critical ? paint('1', text) : text;
  });
  const legend = `${CRITICAL_MARK} critical path: from the root, the child that ended last, down to the span that decided when the run ended.`;
  return [header, '', ...lines, '', legend].join('\n');
}

/** A span's duration: sub-millisecond ones to the microsecond. */
function formatMicros(micros: number): string {
  if (micros < 1_000) return `${(micros / 1_000).toFixed(3)} ms`;
  if (micros < 10_000) return `${(micros / 1_000).toFixed(2)} ms`;
  return formatDuration(micros / 1_000);
}

/** Dollars from nano-dollars, to the micro-dollar (model calls cost fractions of a cent). */
export function formatNanoUsd(nanoUsd: number): string {
  return `$${(nanoUsd / 1e9).toFixed(6)}`;
}
