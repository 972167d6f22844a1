import type { Agent, AgentRunOptions } from '../agent/define-agent.ts';
import type { AgentInput } from '../agent/initial-messages.ts';
import type { ModelMessage } from '../spec/model.ts';
import { selectSkills } from './select-skills.ts';
import type { AgentSkills } from './skill.ts';
import { skillSystemPrompt } from './skill-system-prompt.ts';

/**
 * An agent whose system prompt, for each run, is its own followed by the skills the run's message
 * triggers (see {@link selectSkills}). The system message that heads a continued conversation is
 * replaced, so each call carries only the skills of its own message. Works wherever the agent runs:
 * called directly, or inside a supervised agent process. Without skills, the agent itself is returned.
 *
 * @example
 * const coder = withSkills(defineAgent({ name: 'Coder', model, system: 'You code.' }), agentSkills);
 * await coder.run('Please review this diff'); // system prompt: 'You code.\n\n## Skill: code-review\n…'
 */
export function withSkills<Output>(agent: Agent<Output>, skills: AgentSkills | undefined): Agent<Output> {
  if (skills === undefined || skills.skills.length === 0 || skills.maxActive === 0) return agent;
  const base = agent.config.system ?? '';
  const prepare = (input: AgentInput, options: AgentRunOptions): AgentRunOptions => {
    const active = selectSkills(messageText(input), skills).map(({ skill }) => skill);
    const history = options.history ?? [];
    const rest = history[0]?.role === 'system' ? history.slice(1) : history;
    const system = skillSystemPrompt(base, active);
    // With an empty prompt the agent would send no system message; keep that.
    const head: ModelMessage[] = system === '' ? [] : [{ role: 'system', content: system }];
    const messages = [...head, ...rest];
    const { history: _, ...others } = options;
    return messages.length === 0 ? others : { ...others, history: messages };
  };
  return {
    name: agent.name,
    config: agent.config,
    run: (input, options = {}) => agent.run(input, prepare(input, options)),
    stream: (input, options = {}) => agent.stream(input, prepare(input, options)),
  };
}

/** The text skills are matched against: the message, or the user messages of a list. */
function messageText(input: AgentInput): string {
  if (typeof input === 'string') return input;
  return input
    .filter((message) => message.role === 'user')
    .flatMap((message) => (message.role === 'user' ? message.content : []))
    .flatMap((part) => (part.type === 'text' ? [part.text] : []))
    .join('\n');
}
