import type { Cost } from '../../spec/cost.ts';
import { addUsage, type Usage, ZERO_USAGE } from '../../spec/usage.ts';
import { addCosts, ZERO_COST } from '../add-costs.ts';
import type { CostRecord } from './cost-record.ts';

/** Level of a {@link CostNode}: the whole run, a workflow step, an agent, or one model call. */
export type CostNodeKind = 'run' | 'step' | 'agent' | 'call';

/**
 * A node of the cost tree run → step → agent → call. The usage and cost of a node are the exact sums of
 * its children's (a call's are its record's), and `calls` counts the model calls under it.
 */
export interface CostNode {
  readonly kind: CostNodeKind;
  readonly name: string;
  readonly usage: Usage;
  readonly cost: Cost;
  readonly calls: number;
  readonly children: readonly CostNode[];
  /** Call nodes only. */
  readonly provider?: string;
  /** Call nodes only. */
  readonly model?: string;
  /** Call nodes only, when the record has it. */
  readonly attempts?: number;
  /** Call nodes only, when the record has it. */
  readonly fallbackFrom?: string;
}

interface Draft {
  readonly kind: CostNodeKind;
  readonly name: string;
  readonly children: Draft[];
  readonly index: Map<string, Draft>;
  readonly record?: CostRecord;
}

/**
 * Builds the cost tree of a run from its call records. Steps come in first-seen order, agents in
 * first-seen order within their step, and calls in record order within their agent, named
 * `#1 <model>`, `#2 <model>`… Records without a step (or with an empty one) put their agent directly
 * under the run. Every total is an exact sum ({@link addUsage}, {@link addCosts} in nano-dollars), so the
 * run's total is exactly the sum of its calls; a total is unknown (`usd: undefined`) as soon as one call
 * under it is.
 *
 * @example
 * const tree = buildCostTree(
 *   [
 *     { step: 'draft', agent: 'Coder', provider: 'anthropic', model: 'claude-sonnet-4-5', usage, cost },
 *     { step: 'review', agent: 'Critic', provider: 'openai', model: 'gpt-5', usage: usage2, cost: cost2 },
 *   ],
 *   'greet',
 * );
 * tree.children.map((step) => step.name); // ['draft', 'review']
 * tree.children[0]?.children[0]?.children[0]?.name; // '#1 claude-sonnet-4-5'
 */
export function buildCostTree(records: readonly CostRecord[], runName = 'run'): CostNode {
  const run = draft('run', runName);
  for (const record of records) {
    const parent = record.step === undefined || record.step === '' ? run : childOf(run, 'step', record.step);
    const agent = childOf(parent, 'agent', record.agent);
    agent.children.push(draft('call', `#${agent.children.length + 1} ${record.model}`, record));
  }
  return finish(run);
}

function draft(kind: CostNodeKind, name: string, record?: CostRecord): Draft {
  return { kind, name, children: [], index: new Map(), ...(record === undefined ? {} : { record }) };
}

function childOf(parent: Draft, kind: 'step' | 'agent', name: string): Draft {
  const key = `${kind}:${name}`;
  let child = parent.index.get(key);
  if (child === undefined) {
    child = draft(kind, name);
    parent.index.set(key, child);
    parent.children.push(child);
  }
  return child;
}

function finish(node: Draft): CostNode {
  const { record } = node;
  if (record !== undefined) {
    return {
      kind: node.kind,
      name: node.name,
      usage: addUsage(ZERO_USAGE, record.usage),
      cost: addCosts(ZERO_COST, record.cost),
      calls: 1,
      children: [],
      provider: record.provider,
      model: record.model,
      ...(record.attempts === undefined ? {} : { attempts: record.attempts }),
      ...(record.fallbackFrom === undefined ? {} : { fallbackFrom: record.fallbackFrom }),
    };
  }
  const children = node.children.map(finish);
  return {
    kind: node.kind,
    name: node.name,
    usage: children.reduce((total, child) => addUsage(total, child.usage), ZERO_USAGE),
    cost: children.reduce((total, child) => addCosts(total, child.cost), ZERO_COST),
    calls: children.reduce((total, child) => total + child.calls, 0),
    children,
  };
}

/** A {@link CostNode} as plain JSON: an unknown cost is `null` rather than a missing key. */
export interface CostNodeJson {
  readonly kind: CostNodeKind;
  readonly name: string;
  readonly usage: Usage;
  readonly cost: {
    readonly usd: number | null;
    readonly breakdown: Cost['breakdown'];
    readonly unpricedModels: readonly string[];
  };
  readonly calls: number;
  readonly children: readonly CostNodeJson[];
  readonly provider?: string;
  readonly model?: string;
  readonly attempts?: number;
  readonly fallbackFrom?: string;
}

/**
 * The cost tree in the shape the API sends: plain objects, `usd: null` when unknown, so that
 * `JSON.stringify` keeps every key.
 *
 * @example
 * response.json({ cost: costTreeToJson(buildCostTree(records, run.workflow)) });
 */
export function costTreeToJson(node: CostNode): CostNodeJson {
  const { usage, cost } = node;
  return {
    kind: node.kind,
    name: node.name,
    usage: {
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      cacheReadTokens: usage.cacheReadTokens,
      cacheWriteTokens: usage.cacheWriteTokens,
      reasoningTokens: usage.reasoningTokens,
    },
    cost: {
      usd: cost.usd ?? null,
      breakdown: { ...cost.breakdown },
      unpricedModels: [...cost.unpricedModels],
    },
    calls: node.calls,
    children: node.children.map(costTreeToJson),
    ...(node.provider === undefined ? {} : { provider: node.provider }),
    ...(node.model === undefined ? {} : { model: node.model }),
    ...(node.attempts === undefined ? {} : { attempts: node.attempts }),
    ...(node.fallbackFrom === undefined ? {} : { fallbackFrom: node.fallbackFrom }),
  };
}
