import { DEFAULT_SUPERVISION } from '../../runtime/supervisor/supervision-types.ts';
import type { AgentDefinition } from '../document/agent-definition.ts';
import type { WorkflowSettings } from '../document/workflow-document.ts';
import { isReservedStepKey } from '../steps/step-keys.ts';
import { type AgentDraft, agentKeys } from './agent-keys.ts';
import { type EffectiveEntry, inheritAgentEntries, type WrittenAgent } from './inherit-agent-entries.ts';
import { applyKeyTable } from './key-table.ts';
import type { LoadContext } from './load-context.ts';
import { type MapEntry, readMapEntries } from './map-entries.ts';
import { withKnowledge } from './read-knowledge.ts';
import { resolveSupervision } from './read-supervision.ts';
import { resolveAgentPolicies } from './resolve-agent-policies.ts';

/** One `agents:` block and the file it is written in (a file and the files it includes each have one). */
export interface AgentsBlock {
  readonly context: LoadContext;
  readonly entry: MapEntry;
}

/**
 * Reads `agents:` blocks (the file's, then those of the files it includes): each agent's keys, after
 * `extends`, through the agent key table, then what an agent must have. An agent id defined twice is
 * an error naming both places. `settings` are the main file's: they give the agents' defaults.
 *
 * @example
 * const agents = parseAgents([{ context, entry: agentsEntry }], parseSettings(context, settingsNode));
 */
export function parseAgents(
  blocks: readonly AgentsBlock[],
  settings: WorkflowSettings,
): Map<string, AgentDefinition> {
  const written = new Map<string, WrittenAgent>();
  for (const { context, entry: agentsEntry } of blocks) {
    const entries = readMapEntries(context, agentsEntry.value, '`agents`') ?? [];
    if (entries.length === 0 && agentsEntry.value === null) {
      context.report(
        'error',
        'missing_key',
        '`agents` has no agent',
        agentsEntry.keySpan,
        'declare at least one, e.g. `Coder: { system: "You write code." }`',
      );
    }
    for (const entry of entries) {
      if (!checkAgentId(context, entry)) continue;
      const first = written.get(entry.key);
      if (first !== undefined) {
        const where = `${first.entry.keySpan.file}:${first.entry.keySpan.line}:${first.entry.keySpan.column}`;
        context.report(
          'error',
          'duplicate_agent',
          `agent '${entry.key}' is defined twice: here and at ${where}`,
          entry.keySpan,
          'rename one of them; agent ids are shared by a file and the files it includes',
        );
        continue;
      }
      const agentEntries =
        entry.value === null ? undefined : readMapEntries(context, entry.value, `agent '${entry.key}'`);
      written.set(entry.key, { id: entry.key, context, entry, entries: agentEntries });
    }
  }
  const agents = new Map<string, AgentDefinition>();
  const memo = new Map<string, readonly EffectiveEntry[] | 'cycle'>();
  for (const agent of written.values()) {
    agents.set(agent.id, parseAgent(agent, inheritAgentEntries(agent, written, memo), settings));
  }
  return agents;
}

function checkAgentId(context: LoadContext, entry: MapEntry): boolean {
  const id = entry.key;
  if (/^\S+$/.test(id) && !isReservedStepKey(id)) return true;
  const why = isReservedStepKey(id)
    ? `'${id}' is a reserved word in steps`
    : 'an agent id cannot contain spaces';
  context.report(
    'error',
    'invalid_name',
    `invalid agent id '${id}': ${why}`,
    entry.keySpan,
    'name agents with one word, like Coder or code_reviewer',
  );
  return false;
}

function parseAgent(
  agent: WrittenAgent,
  effective: readonly EffectiveEntry[],
  settings: WorkflowSettings,
): AgentDefinition {
  const { id, context, entry } = agent;
  const draft: AgentDraft = { id, tools: [] };
  const defaultSupervision = settings.supervision ?? DEFAULT_SUPERVISION;
  if (agent.entries === undefined) {
    return {
      id,
      name: id,
      system: '',
      tools: [],
      supervision: defaultSupervision,
      policies: resolveAgentPolicies(context, {}, settings),
      span: entry.keySpan,
      fieldSpans: {},
    };
  }
  const fieldSpans: Record<string, (typeof entry)['keySpan']> = {};
  // Inherited keys were reported where the base agent was read; read them again silently.
  for (const item of effective) {
    const readWith = item.inherited ? { ...item.context, report: () => {} } : item.context;
    Object.assign(fieldSpans, applyKeyTable(readWith, [item.entry], agentKeys, draft, `agent '${id}'`));
  }
  const keys = new Set(effective.map((item) => item.entry.key));
  const hasSystem = keys.has('system');
  const hasSystemFile = keys.has('system_file');
  if (hasSystem && hasSystemFile) {
    const span = fieldSpans.system_file ?? entry.keySpan;
    context.report(
      'error',
      'conflicting_keys',
      `agent '${id}' has both \`system\` and \`system_file\``,
      span,
      'keep one of them',
    );
  } else if (!hasSystem && !hasSystemFile) {
    context.report(
      'error',
      'missing_key',
      `agent '${id}' has no \`system\` prompt`,
      entry.keySpan,
      'add `system: |` followed by its instructions, or `system_file: path`',
    );
  }
  // An agent with errors is still returned so that steps naming it do not also fail as "unknown agent";
  // the file does not load anyway.
  return {
    id,
    name: draft.name ?? id,
    system: withKnowledge(draft.system?.value ?? '', draft.knowledge ?? []),
    tools: draft.tools,
    supervision: resolveSupervision(context, draft.supervision, defaultSupervision),
    policies: resolveAgentPolicies(context, draft, settings),
    span: entry.keySpan,
    fieldSpans,
    ...(draft.model === undefined ? {} : { model: draft.model }),
    ...(draft.systemFile === undefined ? {} : { systemFile: draft.systemFile.value }),
    ...(draft.temperature === undefined ? {} : { temperature: draft.temperature }),
    ...(draft.maxTokens === undefined ? {} : { maxTokens: draft.maxTokens }),
    ...(draft.budgetUsd === undefined ? {} : { budgetUsd: draft.budgetUsd }),
    ...(draft.memory === undefined ? {} : { memory: draft.memory }),
    ...(draft.knowledge === undefined ? {} : { knowledge: draft.knowledge.map((file) => file.path) }),
    ...(draft.extends === undefined ? {} : { extends: draft.extends.value }),
  };
}
