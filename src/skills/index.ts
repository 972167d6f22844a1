export { type SelectedSkill, selectSkills, triggerMatches } from './select-skills.ts';
export { type AgentSkills, DEFAULT_MAX_ACTIVE_SKILLS, type Skill, type SkillTrigger } from './skill.ts';
export { skillSystemPrompt } from './skill-system-prompt.ts';
export { withSkills } from './with-skills.ts';
