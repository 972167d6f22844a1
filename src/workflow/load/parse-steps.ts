import { isMap, isSeq, type ParsedNode } from 'yaml';
import { closestName } from '../../diagnostics/closest-name.ts';
import type { AgentDefinition } from '../document/agent-definition.ts';
import type { Step } from '../document/step.ts';
import { agentKind, kindForKeyword } from '../steps/kind-of.ts';
import {
  CONTROL_KEYWORDS,
  isReservedStepKey,
  RESERVED_STEP_KEYS,
  reservedWordOf,
} from '../steps/step-keys.ts';
import type { StepParseContext } from '../steps/step-kind.ts';
import { describeNode } from './describe-node.ts';
import { reportUnsupported } from './key-table.ts';
import type { LoadContext } from './load-context.ts';
import { type MapEntry, readMapEntries } from './map-entries.ts';
import { resolveNode } from './resolve-node.ts';

/**
 * Reads a workflow's `steps:` list. Each item's kind is decided by its keys: the one key that is not a
 * reserved word names an agent; otherwise a control keyword selects a kind from `stepKinds`, or is
 * reported as unsupported.
 *
 * @example
 * const steps = parseSteps(context, entry.value, agents, 'code-review');
 */
export function parseSteps(
  load: LoadContext,
  raw: ParsedNode | null,
  agents: ReadonlyMap<string, AgentDefinition>,
  workflow: string,
): Step[] {
  return parseStepList(load, raw, agents, workflow, undefined);
}

function parseStepList(
  load: LoadContext,
  raw: ParsedNode | null,
  agents: ReadonlyMap<string, AgentDefinition>,
  workflow: string,
  /** How a nested block is named in messages (`\`then\``); absent for the workflow's own steps. */
  label: string | undefined,
): Step[] {
  const node = resolveNode(load, raw);
  if (!isSeq(node)) {
    load.report(
      'error',
      'invalid_type',
      `${label ?? `\`steps\` of workflow '${workflow}'`} must be a list, got ${describeNode(node)}`,
      load.spanOf(node),
      'start each step with `- `',
    );
    return [];
  }
  if (node.items.length === 0) {
    load.report(
      'error',
      'missing_key',
      label === undefined ? `workflow '${workflow}' has no steps` : `${label} has no steps`,
      load.spanOf(node),
      'add at least one step, like `- Coder: "…"`',
    );
  }
  const context: StepParseContext = {
    load,
    agents,
    workflow,
    parseBlock: (block, blockLabel) => parseStepList(load, block, agents, workflow, blockLabel),
  };
  return node.items.flatMap(
    (item, index) => parseStep(context, resolveNode(load, item as ParsedNode), index) ?? [],
  );
}

function parseStep(context: StepParseContext, node: ParsedNode | null, index: number): Step | undefined {
  const load = context.load;
  const span = load.spanOf(node);
  if (!isMap(node)) {
    load.report(
      'error',
      'invalid_type',
      `a step must be a map like \`- Agent: "message"\`, got ${describeNode(node)}`,
      span,
    );
    return undefined;
  }
  const entries = readMapEntries(load, node, 'a step') ?? [];
  const agentEntries = entries.filter(
    (entry) => !isReservedStepKey(entry.key) && !isMisspeltReservedKey(load, entry, context.agents),
  );
  const [agentEntry, secondAgent] = agentEntries;
  if (secondAgent !== undefined) {
    const names = agentEntries.map((entry) => `'${entry.key}'`).join(' and ');
    load.report(
      'error',
      'conflicting_keys',
      `one step names two agents: ${names}`,
      secondAgent.keySpan,
      'give each agent its own step (a new `- ` item)',
    );
    return undefined;
  }
  const all = entries.filter((entry) => isReservedStepKey(entry.key) || entry === agentEntry);
  // `compensate:` is read here for every kind of step, so no kind has to know about it.
  const compensateEntry = all.find((entry) => entry.key === 'compensate');
  const usable = all.filter((entry) => entry !== compensateEntry);
  const compensate =
    compensateEntry === undefined ? undefined : context.parseBlock(compensateEntry.value, '`compensate`');
  const withCompensation = (step: Step | undefined): Step | undefined =>
    step === undefined || compensate === undefined ? step : { ...step, compensate };
  if (agentEntry !== undefined)
    return withCompensation(
      agentKind().parse({ index, span, entries: usable, primary: agentEntry }, context),
    );

  const keywords = usable.filter((entry) => CONTROL_KEYWORDS.includes(reservedWordOf(entry.key)));
  // `if` beside another keyword is that step's condition, not a step of its own.
  const primary = keywords.find((entry) => entry.key !== 'if') ?? keywords[0];
  if (primary === undefined) {
    if (entries.length === usable.length) {
      load.report(
        'error',
        'missing_key',
        'this step has no agent and no control keyword',
        span,
        `start it with an agent (\`- Coder: "…"\`) or one of ${CONTROL_KEYWORDS.join(', ')}`,
      );
    }
    return undefined;
  }
  const kind = kindForKeyword(reservedWordOf(primary.key));
  if (kind === undefined) {
    const word = reservedWordOf(primary.key);
    reportUnsupported(load, `\`${word}\` steps`, primary.keySpan, word, { plural: true });
    return undefined;
  }
  return withCompensation(kind.parse({ index, span, entries: usable, primary }, context));
}

/** A key like `sav:` is a typo of a reserved word, not an agent: report it as such. */
function isMisspeltReservedKey(
  load: LoadContext,
  entry: MapEntry,
  agents: ReadonlyMap<string, AgentDefinition>,
): boolean {
  const word = entry.key.trim().split(/\s+/)[0] ?? '';
  if (word !== entry.key || word !== word.toLowerCase()) return false;
  if (agents.has(word) || closestName(word, agents.keys()) !== undefined) return false;
  const closest = closestName(entry.key, RESERVED_STEP_KEYS);
  if (closest === undefined) return false;
  load.report(
    'error',
    'unknown_key',
    `unknown step key '${entry.key}'`,
    entry.keySpan,
    `did you mean '${closest}'?`,
  );
  return true;
}
