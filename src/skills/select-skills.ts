import type { AgentSkills, Skill, SkillTrigger } from './skill.ts';

/** A skill a message triggered, and how many of its triggers matched. */
export interface SelectedSkill {
  readonly skill: Skill;
  readonly matches: number;
}

/**
 * The skills a message triggers, at most `maxActive`: those with the most matching triggers first, ties
 * by name. A pure function of the message and the skills, so a resumed or replayed run builds the same
 * system prompt.
 *
 * @example
 * selectSkills('Please review PR #12', agentSkills).map(({ skill }) => skill.name); // ['code-review']
 */
export function selectSkills(message: string, skills: AgentSkills): SelectedSkill[] {
  const selected: SelectedSkill[] = [];
  for (const skill of skills.skills) {
    const matches = skill.triggers.filter((trigger) => triggerMatches(trigger, message)).length;
    if (matches > 0) selected.push({ skill, matches });
  }
  selected.sort(
    (a, b) =>
      b.matches - a.matches || (a.skill.name < b.skill.name ? -1 : a.skill.name > b.skill.name ? 1 : 0),
  );
  return selected.slice(0, skills.maxActive);
}

/**
 * Whether one trigger matches the message. A keyword matches whole words in any case (`review` matches
 * "Review this", not "preview"); a pattern matches anywhere.
 *
 * @example
 * triggerMatches({ kind: 'keyword', keyword: 'pull request' }, 'Open a Pull Request'); // true
 */
export function triggerMatches(trigger: SkillTrigger, message: string): boolean {
  if (trigger.kind === 'pattern') return trigger.pattern.test(message);
  return keywordPattern(trigger.keyword).test(message);
}

const cache = new Map<string, RegExp>();

function keywordPattern(keyword: string): RegExp {
  let pattern = cache.get(keyword);
  if (pattern === undefined) {
    const words = keyword
      .trim()
      .split(/\s+/)
      .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('\\s+');
    pattern = new RegExp(`(?<![\\p{L}\\p{N}_])${words}(?![\\p{L}\\p{N}_])`, 'iu');
    cache.set(keyword, pattern);
  }
  return pattern;
}
