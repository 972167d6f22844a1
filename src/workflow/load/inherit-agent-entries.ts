import { isMap, isScalar, Pair, type ParsedNode, YAMLMap } from 'yaml';
import { didYouMean } from '../../diagnostics/closest-name.ts';
import type { LoadContext } from './load-context.ts';
import type { MapEntry } from './map-entries.ts';
import { resolveNode } from './resolve-node.ts';

/** An agent's entries as written, with the file (context) they were written in. */
export interface WrittenAgent {
  readonly id: string;
  readonly context: LoadContext;
  /** The agent's key under `agents:`. */
  readonly entry: MapEntry;
  /** Its keys; undefined when its value is not a map. */
  readonly entries: readonly MapEntry[] | undefined;
}

/** One key of an agent after inheritance: the entry, the file it was written in, whether it is inherited. */
export interface EffectiveEntry {
  readonly entry: MapEntry;
  readonly context: LoadContext;
  readonly inherited: boolean;
}

/** The agent keys whose maps merge deeply under `extends` rather than being replaced whole. */
export const MERGED_AGENT_KEYS: readonly string[] = [
  'supervision',
  'retry',
  'rate_limit',
  'circuit_breaker',
  'memory',
  'skills',
];

/**
 * The keys of an agent once `extends` is applied: every key of its base (its base's, recursively) that
 * it does not write, then its own keys; maps under {@link MERGED_AGENT_KEYS} merge key by key, deeply.
 * `system` and `system_file` count as one field. Each entry keeps the file it was written in, so a
 * diagnostic about it points there. An unknown base gets "did you mean"; a cycle is reported once,
 * at the `extends` of the agent that closes it, naming the whole cycle.
 *
 * @example
 * const entries = inheritAgentEntries(written.get('Coder')!, written, new Map());
 */
export function inheritAgentEntries(
  agent: WrittenAgent,
  agents: ReadonlyMap<string, WrittenAgent>,
  memo: Map<string, readonly EffectiveEntry[] | 'cycle'>,
  chain: readonly string[] = [],
): readonly EffectiveEntry[] {
  const known = memo.get(agent.id);
  if (known !== undefined) return known === 'cycle' ? own(agent) : known;
  const ownEntries = own(agent);
  const extendsEntry = agent.entries?.find((entry) => entry.key === 'extends');
  const baseName = extendsEntry === undefined ? undefined : textOf(agent.context, extendsEntry);
  if (extendsEntry === undefined || baseName === undefined) {
    memo.set(agent.id, ownEntries);
    return ownEntries;
  }
  const base = agents.get(baseName);
  if (base === undefined) {
    agent.context.report(
      'error',
      'unknown_agent',
      `agent '${agent.id}' extends unknown agent '${baseName}'`,
      extendsEntry.valueSpan,
      didYouMean(
        baseName,
        [...agents.keys()].filter((id) => id !== agent.id),
        'agents defined',
      ),
    );
    memo.set(agent.id, ownEntries);
    return ownEntries;
  }
  if (base.id === agent.id || chain.includes(base.id)) {
    const cycle = [...chain.slice(chain.indexOf(base.id)), agent.id, base.id];
    agent.context.report(
      'error',
      'extends_cycle',
      `agents extend each other in a cycle: ${(base.id === agent.id ? [agent.id, agent.id] : cycle).join(' → ')}`,
      extendsEntry.valueSpan,
      'one of them must not extend the others; move what they share into a base agent',
    );
    memo.set(agent.id, 'cycle');
    return ownEntries;
  }
  memo.set(agent.id, 'cycle');
  const inherited = inheritAgentEntries(base, agents, memo, [...chain, agent.id]);
  const result = mergeEntries(inherited, ownEntries);
  memo.set(agent.id, result);
  return result;
}

function own(agent: WrittenAgent): EffectiveEntry[] {
  return (agent.entries ?? []).map((entry) => ({ entry, context: agent.context, inherited: false }));
}

function mergeEntries(
  base: readonly EffectiveEntry[],
  ownEntries: readonly EffectiveEntry[],
): EffectiveEntry[] {
  const written = new Set(ownEntries.map((item) => item.entry.key));
  const writesSystem = written.has('system') || written.has('system_file');
  const merged: EffectiveEntry[] = [];
  for (const item of base) {
    const key = item.entry.key;
    if (key === 'extends') continue;
    if ((key === 'system' || key === 'system_file') && writesSystem) continue;
    if (written.has(key)) continue;
    merged.push({ ...item, inherited: true });
  }
  for (const item of ownEntries) {
    const inheritedItem = base.find((candidate) => candidate.entry.key === item.entry.key);
    if (
      inheritedItem !== undefined &&
      MERGED_AGENT_KEYS.includes(item.entry.key) &&
      isMap(item.entry.value) &&
      isMap(resolveNode(inheritedItem.context, inheritedItem.entry.value))
    ) {
      const value = mergeMaps(
        resolveNode(inheritedItem.context, inheritedItem.entry.value) as YAMLMap.Parsed,
        item.entry.value,
      );
      merged.push({ ...item, entry: { ...item.entry, value } });
    } else {
      merged.push(item);
    }
  }
  return merged;
}

/** A map of the base's pairs the override does not write, then the override's; nested maps merge too. */
function mergeMaps(base: YAMLMap.Parsed, override: YAMLMap.Parsed): ParsedNode {
  const merged = new YAMLMap<ParsedNode, ParsedNode | null>();
  const keyOf = (pair: Pair<unknown, unknown>): unknown => (isScalar(pair.key) ? pair.key.value : pair.key);
  const overrideKeys = new Set(override.items.map(keyOf));
  for (const pair of base.items) {
    if (!overrideKeys.has(keyOf(pair))) merged.items.push(pair as Pair<ParsedNode, ParsedNode | null>);
  }
  for (const pair of override.items) {
    const basePair = base.items.find((candidate) => keyOf(candidate) === keyOf(pair));
    if (basePair !== undefined && isMap(basePair.value) && isMap(pair.value)) {
      merged.items.push(
        new Pair(
          pair.key as ParsedNode,
          mergeMaps(basePair.value as YAMLMap.Parsed, pair.value as YAMLMap.Parsed),
        ),
      );
    } else {
      merged.items.push(pair as Pair<ParsedNode, ParsedNode | null>);
    }
  }
  merged.range = override.range;
  return merged as unknown as ParsedNode;
}

function textOf(context: LoadContext, entry: MapEntry): string | undefined {
  const node = resolveNode(context, entry.value);
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}
