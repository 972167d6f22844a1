import { DEFAULT_SUPERVISION } from '../../runtime/supervisor/supervision-types.ts';
import type { AgentDefinition } from '../document/agent-definition.ts';
import type { WorkflowSettings } from '../document/workflow-document.ts';
import { isReservedStepKey } from '../steps/step-keys.ts';
import { type AgentDraft, agentKeys } from './agent-keys.ts';
import { applyKeyTable } from './key-table.ts';
import type { LoadContext } from './load-context.ts';
import { type MapEntry, readMapEntries } from './map-entries.ts';
import { resolveSupervision } from './read-supervision.ts';
import { resolveAgentPolicies } from './resolve-agent-policies.ts';

/**
 * Reads `agents:`: each agent's keys through the agent key table, then what an agent must have.
 * `settings` are the file's, wherever they are written in it: they give the agents' defaults.
 *
 * @example
 * const agents = parseAgents(context, agentsEntry, parseSettings(context, settingsNode));
 */
export function parseAgents(
  context: LoadContext,
  agentsEntry: MapEntry,
  settings: WorkflowSettings,
): Map<string, AgentDefinition> {
  const agents = new Map<string, AgentDefinition>();
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
    const agent = parseAgent(context, entry, settings);
    if (agent !== undefined) agents.set(agent.id, agent);
  }
  return agents;
}

function parseAgent(
  context: LoadContext,
  entry: MapEntry,
  settings: WorkflowSettings,
): AgentDefinition | undefined {
  const id = entry.key;
  if (!/^\S+$/.test(id) || isReservedStepKey(id)) {
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
    return undefined;
  }
  const draft: AgentDraft = { id, tools: [] };
  const defaultSupervision = settings.supervision ?? DEFAULT_SUPERVISION;
  const entries = readMapEntries(context, entry.value, `agent '${id}'`);
  if (entries === undefined) {
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
  const fieldSpans = applyKeyTable(context, entries, agentKeys, draft, `agent '${id}'`);
  const hasSystem = entries.some((item) => item.key === 'system');
  const hasSystemFile = entries.some((item) => item.key === 'system_file');
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
    system: draft.system?.value ?? '',
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
  };
}
