import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { closestName } from '../../diagnostics/closest-name.ts';
import { type AgentSkills, DEFAULT_MAX_ACTIVE_SKILLS, type Skill } from '../../skills/skill.ts';
import type { AgentDefinition } from '../document/agent-definition.ts';
import type { Located } from '../document/located.ts';
import type { SkillsSettings, WorkflowSettings } from '../document/workflow-document.ts';
import { applyKeyTable, type KeyTable } from './key-table.ts';
import type { LoadContext } from './load-context.ts';
import { type MapEntry, readMapEntries } from './map-entries.ts';
import { readNameList, readNumber } from './read-scalar.ts';
import { readSkillFile } from './read-skill-file.ts';

/** An agent's `skills:` block, its folders' skills read. */
interface AgentSkillsBlock {
  skills: Skill[];
  include?: Located<string>[];
  exclude?: Located<string>[];
  maxActive?: number;
}

const pending = new WeakMap<LoadContext, Map<string, AgentSkillsBlock>>();
/** Each skill file is read once per workflow file, however many folders lists reach it. */
const readFiles = new WeakMap<LoadContext, Map<string, Skill | undefined>>();

const settingsSkillsKeys: KeyTable<{ skills: Skill[]; directories: string[] }> = {
  place: 'in settings.skills',
  keys: {
    directories: (entry, context, draft) => {
      for (const folder of readNameList(context, entry.value, '`settings.skills.directories`')) {
        const absolute = resolve(context.directory, folder.value);
        draft.directories.push(absolute);
        draft.skills.push(...readSkillFolder(context, folder, absolute));
      }
    },
  },
};

const agentSkillsKeys: KeyTable<AgentSkillsBlock> = {
  place: 'in an agent’s skills',
  keys: {
    directories: (entry, context, draft) => {
      for (const folder of readNameList(context, entry.value, '`skills.directories`')) {
        draft.skills.push(...readSkillFolder(context, folder, resolve(context.directory, folder.value)));
      }
    },
    include: (entry, context, draft) => {
      draft.include = readNameList(context, entry.value, '`skills.include`');
    },
    exclude: (entry, context, draft) => {
      draft.exclude = readNameList(context, entry.value, '`skills.exclude`');
    },
    max_active: (entry, context, draft) => {
      const value = readNumber(context, entry.value, '`skills.max_active`', { integer: true, minimum: 0 });
      if (value !== undefined) draft.maxActive = value.value;
    },
  },
};

/**
 * Reads `settings.skills: { directories: [skills] }` (relative to the workflow file) and the
 * `*.skill.md` files in those folders and below: the skills every agent may use.
 *
 * @example
 * const skills = readSkillsSettings(context, entry); // { directories: ['/project/skills'], skills: [...] }
 */
export function readSkillsSettings(context: LoadContext, entry: MapEntry): SkillsSettings | undefined {
  const entries = readMapEntries(context, entry.value, '`settings.skills`');
  if (entries === undefined) return undefined;
  const draft = { skills: [] as Skill[], directories: [] as string[] };
  applyKeyTable(context, entries, settingsSkillsKeys, draft, '`settings.skills`');
  return { directories: draft.directories, skills: draft.skills };
}

/**
 * Reads an agent's `skills: { directories, include, exclude, max_active }`; it is resolved with the
 * settings' skills by {@link resolveAgentSkills} once every agent is read.
 *
 * @example
 * skills: (entry, context, draft) => readAgentSkills(context, entry, draft.id),
 */
export function readAgentSkills(context: LoadContext, entry: MapEntry, agent: string): void {
  const entries = readMapEntries(context, entry.value, `\`skills\` of agent '${agent}'`);
  if (entries === undefined) return;
  const block: AgentSkillsBlock = { skills: [] };
  applyKeyTable(context, entries, agentSkillsKeys, block, `\`skills\` of agent '${agent}'`);
  const blocks = pending.get(context) ?? new Map<string, AgentSkillsBlock>();
  blocks.set(agent, block);
  pending.set(context, blocks);
}

/**
 * Gives each agent its skills: those of `settings.skills` and of its own `skills.directories`, only
 * the `include`d ones when it lists some, without the `exclude`d ones, at most `max_active` (default 3)
 * per call. Names in `include`/`exclude` must be skills found (did-you-mean otherwise); two different
 * files may not give one name. Agents with no skill are left as they are.
 *
 * @example
 * resolveAgentSkills(context, agents, settings); // after parseAgents
 */
export function resolveAgentSkills(
  context: LoadContext,
  agents: Map<string, AgentDefinition>,
  settings: WorkflowSettings,
): void {
  const blocks = pending.get(context) ?? new Map<string, AgentSkillsBlock>();
  pending.delete(context);
  const reported = new Set<string>();
  for (const [id, agent] of agents) {
    const block = blocks.get(id);
    const pool = new Map<string, Skill>();
    for (const skill of [...(settings.skills?.skills ?? []), ...(block?.skills ?? [])]) {
      const other = pool.get(skill.name);
      const pair = `${other?.file}|${skill.file}`;
      if (other !== undefined && other.file !== skill.file && !reported.has(pair)) {
        reported.add(pair);
        context.report(
          'error',
          'duplicate_name',
          `two skills are named '${skill.name}': ${other.file} and ${skill.file}`,
          agent.fieldSpans.skills ?? settings.fieldSpans.skills ?? agent.span,
          'give each skill its own name, or exclude one of the folders',
        );
      }
      if (other === undefined) pool.set(skill.name, skill);
    }
    const names = [...pool.keys()].sort();
    for (const name of [...(block?.include ?? []), ...(block?.exclude ?? [])]) {
      if (pool.has(name.value)) continue;
      const closest = closestName(name.value, names);
      context.report(
        'error',
        'unknown_skill',
        `unknown skill '${name.value}' for agent '${id}'`,
        name.span,
        closest !== undefined
          ? `did you mean '${closest}'?`
          : names.length === 0
            ? 'no skill was found in its folders'
            : `skills found: ${names.join(', ')}`,
      );
    }
    const include = block?.include?.map((name) => name.value);
    const exclude = new Set(block?.exclude?.map((name) => name.value));
    const skills = names
      .filter((name) => (include === undefined || include.includes(name)) && !exclude.has(name))
      .map((name) => pool.get(name) as Skill);
    if (skills.length === 0) continue;
    const agentSkills: AgentSkills = { skills, maxActive: block?.maxActive ?? DEFAULT_MAX_ACTIVE_SKILLS };
    agents.set(id, { ...agent, skills: agentSkills });
  }
}

/** The skills of the `*.skill.md` files in a folder and below, in path order. */
function readSkillFolder(context: LoadContext, folder: Located<string>, absolute: string): Skill[] {
  let files: string[];
  try {
    if (!statSync(absolute).isDirectory())
      throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    files = readdirSync(absolute, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.skill.md'))
      .sort();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    context.report(
      'error',
      'file_not_found',
      `cannot read the skills folder '${folder.value}': ${code === 'ENOENT' ? 'no such folder' : code === 'ENOTDIR' ? 'not a folder' : String(error)}`,
      folder.span,
      `the path is relative to ${context.directory}`,
    );
    return [];
  }
  const cache = readFiles.get(context) ?? new Map<string, Skill | undefined>();
  readFiles.set(context, cache);
  const skills: Skill[] = [];
  for (const name of files) {
    const path = join(absolute, name);
    if (!cache.has(path)) cache.set(path, readSkillFile(context, path));
    const skill = cache.get(path);
    if (skill !== undefined) skills.push(skill);
  }
  return skills;
}
