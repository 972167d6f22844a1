import { addCosts } from '../../cost/add-costs.ts';
import { addUsage } from '../../spec/usage.ts';
import type { AgentReply } from '../run/workflow-result.ts';

/**
 * Two replies as one: the text of the last, usage, cost and calls of both. How a step with re-asks
 * reports what it spent.
 *
 * @example
 * const total = combineReplies(first, second);
 */
export function combineReplies(earlier: AgentReply, later: AgentReply): AgentReply {
  const calls = [...(earlier.calls ?? []), ...(later.calls ?? [])];
  return {
    text: later.text,
    usage: addUsage(earlier.usage, later.usage),
    cost: addCosts(earlier.cost, later.cost),
    ...(earlier.calls === undefined && later.calls === undefined ? {} : { calls }),
  };
}
