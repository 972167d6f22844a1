/** What makes a skill apply to a message. */
export type SkillTrigger =
  /** The words appear in the message, whole, in any case: `keyword: pull request`. */
  | { readonly kind: 'keyword'; readonly keyword: string }
  /** A regular expression finds a match: `pattern: "PR ?#\\d+"` (case-insensitive), or `/source/flags`. */
  | { readonly kind: 'pattern'; readonly pattern: RegExp };

/**
 * A `*.skill.md` file: YAML front matter (`name`, `description`, `tags`, `triggers`) and the
 * instructions that follow it, which are added to an agent's system prompt for a message that triggers
 * the skill.
 *
 * @example
 * const skill: Skill = {
 *   name: 'code-review', description: 'How we review code', tags: ['review'],
 *   triggers: [{ kind: 'keyword', keyword: 'review' }], instructions: 'Check the tests first.',
 *   file: '/project/skills/code-review.skill.md',
 * };
 */
export interface Skill {
  readonly name: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly triggers: readonly SkillTrigger[];
  /** The file's body, trimmed. */
  readonly instructions: string;
  /** Absolute path of the skill file. */
  readonly file: string;
}

/** The skills an agent may use, resolved from `settings.skills` and its own `skills:` block. */
export interface AgentSkills {
  /** Sorted by name. */
  readonly skills: readonly Skill[];
  /** At most this many skills join one call's system prompt. */
  readonly maxActive: number;
}

/** How many triggered skills join a call's system prompt when `max_active` is not given. */
export const DEFAULT_MAX_ACTIVE_SKILLS = 3;
