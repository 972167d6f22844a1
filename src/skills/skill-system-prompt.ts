import type { Skill } from './skill.ts';

/**
 * A system prompt with skills' instructions appended, each under a header naming it.
 *
 * @example
 * skillSystemPrompt('You review code.', [reviewSkill]);
 * // 'You review code.\n\n## Skill: code-review\nHow we review code.\n\nCheck the tests first.'
 */
export function skillSystemPrompt(system: string, skills: readonly Skill[]): string {
  const sections = skills.map((skill) => {
    const description = skill.description === '' ? '' : `${skill.description}\n\n`;
    return `## Skill: ${skill.name}\n${description}${skill.instructions}`;
  });
  return [system, ...sections].filter((part) => part !== '').join('\n\n');
}
