import type { ModelCallRecord } from '../../agent/agent-result.ts';
import type { Cost } from '../../spec/cost.ts';
import type { Usage } from '../../spec/usage.ts';

/**
 * One model call of a run, as the cost report sees it: who made it (step and agent), on which model,
 * what it used and what it cost.
 *
 * @example
 * const record: CostRecord = {
 *   step: 'draft',
 *   agent: 'Coder',
 *   provider: 'anthropic',
 *   model: 'claude-sonnet-4-5',
 *   usage,
 *   cost: prices.costOf('claude-sonnet-4-5', usage),
 * };
 */
export interface CostRecord {
  /** Label of the workflow step that made the call (`'draft'`, `'#2 Coder writes the code'`); none outside a workflow. */
  readonly step?: string;
  readonly agent: string;
  readonly provider: string;
  readonly model: string;
  readonly usage: Usage;
  readonly cost: Cost;
  /** How many attempts the call took, when it was retried. */
  readonly attempts?: number;
  /** The model the call fell back from, when it is a fallback. */
  readonly fallbackFrom?: string;
}

/**
 * Turns an agent's model call records into cost records, in the same order.
 *
 * @example
 * const records = costRecordsFromModelCalls(result.modelCalls, { agent: 'Coder', step: 'draft' });
 * const tree = buildCostTree(records);
 */
export function costRecordsFromModelCalls(
  modelCalls: readonly ModelCallRecord[],
  who: { readonly agent: string; readonly step?: string },
): CostRecord[] {
  return modelCalls.map((call) => ({
    ...(who.step === undefined ? {} : { step: who.step }),
    agent: who.agent,
    provider: call.provider,
    model: call.model,
    usage: call.usage,
    cost: call.cost,
    ...(call.attempts === undefined ? {} : { attempts: call.attempts }),
    ...(call.fallbackFrom === undefined ? {} : { fallbackFrom: call.fallbackFrom }),
  }));
}
