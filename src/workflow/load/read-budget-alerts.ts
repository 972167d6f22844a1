import { isSeq, type ParsedNode } from 'yaml';
import { countErrors } from './block-draft.ts';
import { describeNode } from './describe-node.ts';
import type { LoadContext } from './load-context.ts';
import { readNumber } from './read-scalar.ts';
import { resolveNode } from './resolve-node.ts';

/** The largest alert: 10 times the budget (beyond 1 only `on_exceed: warn` lets spending get there). */
const MAX_ALERT = 10;

/**
 * Reads `budget_alerts: [0.5, 0.75, 0.9, 1.0]`: fractions of the budget at which an alert is sent,
 * each above 0 and at most 10. They may be written in any order; the result is ascending, without
 * duplicates. `[]` turns alerts off. A list with errors gives `undefined`.
 *
 * @example
 * readBudgetAlerts(context, entry.value, '`settings.budget_alerts`'); // [0.5, 0.75, 0.9, 1]
 */
export function readBudgetAlerts(
  context: LoadContext,
  raw: ParsedNode | null,
  label: string,
): number[] | undefined {
  const node = resolveNode(context, raw);
  if (!isSeq(node)) {
    context.report(
      'error',
      'invalid_type',
      `${label} must be a list of fractions of the budget, got ${describeNode(node)}`,
      context.spanOf(node),
      'write it like [0.5, 0.75, 0.9, 1.0]',
    );
    return undefined;
  }
  const errorsBefore = countErrors(context);
  const alerts = new Set<number>();
  for (const item of node.items) {
    const alert = readNumber(context, item as ParsedNode, `each of ${label}`, { integer: false, above: 0 });
    if (alert === undefined) continue;
    if (alert.value > MAX_ALERT) {
      context.report(
        'error',
        'invalid_value',
        `each of ${label} must be at most ${MAX_ALERT}, got ${alert.value}`,
        alert.span,
        `alerts are fractions of the budget: write ${alert.value / 100} for ${alert.value}%`,
      );
      continue;
    }
    alerts.add(alert.value);
  }
  return countErrors(context) === errorsBefore ? [...alerts].sort((a, b) => a - b) : undefined;
}
