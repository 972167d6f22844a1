import { formatUsd } from '../cost/format-usd.ts';
import type { Cost } from '../spec/cost.ts';
import type { Usage } from '../spec/usage.ts';

/**
 * The one-line summary `vega run` prints on stderr after a run.
 *
 * @example
 * formatSummary({ workflow: 'greet', steps: 2, usage, cost, durationMs: 14 });
 * // "✓ greet · 2 steps · 126 tokens (103 in, 23 out) · $0.0012 · 14 ms"
 */
export function formatSummary(summary: {
  workflow: string;
  steps: number;
  usage: Usage;
  cost: Cost;
  durationMs: number;
}): string {
  const { usage, cost } = summary;
  const tokens = usage.inputTokens + usage.outputTokens;
  const cache =
    usage.cacheReadTokens + usage.cacheWriteTokens > 0
      ? `, ${usage.cacheReadTokens} cache read, ${usage.cacheWriteTokens} cache write`
      : '';
  const dollars =
    cost.usd === undefined
      ? `cost unknown (no price for ${cost.unpricedModels.join(', ')})`
      : formatUsd(cost.usd);
  const steps = `${summary.steps} step${summary.steps === 1 ? '' : 's'}`;
  return `✓ ${summary.workflow} · ${steps} · ${tokens} tokens (${usage.inputTokens} in, ${usage.outputTokens} out${cache}) · ${dollars} · ${formatDuration(summary.durationMs)}`;
}

function formatDuration(milliseconds: number): string {
  if (milliseconds < 1000) return `${Math.round(milliseconds)} ms`;
  if (milliseconds < 60_000) return `${(milliseconds / 1000).toFixed(2)} s`;
  const minutes = Math.floor(milliseconds / 60_000);
  return `${minutes} min ${Math.round((milliseconds % 60_000) / 1000)} s`;
}
