import { describe, expect, it } from 'vitest';
import { defineAgent } from '../agent/define-agent.ts';
import { createRuntime } from '../create-runtime.ts';
import { scriptedModel } from '../model/scripted/index.ts';
import type { Skill } from './skill.ts';
import { withSkills } from './with-skills.ts';

const review: Skill = {
  name: 'code-review',
  description: 'How we review code',
  tags: [],
  triggers: [{ kind: 'keyword', keyword: 'review' }],
  instructions: 'Read the tests first.',
  file: '/skills/review.skill.md',
};

describe('withSkills', () => {
  it('replaces the system message of a continued conversation with this call’s skills', async () => {
    const model = scriptedModel({ replies: [], fallback: 'echo' });
    const { environment } = createRuntime({ env: {} });
    const agent = withSkills(defineAgent({ name: 'Coder', model, system: 'You code.' }), {
      skills: [review],
      maxActive: 3,
    });
    const first = await agent.run('Please review this', { environment });
    await agent.run('Thanks', { environment, history: first.messages });
    const [call1, call2] = model.calls.map((call) => call.options.prompt);
    expect(call1?.[0]).toEqual({
      role: 'system',
      content: 'You code.\n\n## Skill: code-review\nHow we review code\n\nRead the tests first.',
    });
    expect(call2?.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(call2?.[0]).toEqual({ role: 'system', content: 'You code.' });
  });

  it('gives the agent itself back when there are no skills', () => {
    const agent = defineAgent({ name: 'Coder', model: scriptedModel([]), system: 'You code.' });
    expect(withSkills(agent, undefined)).toBe(agent);
    expect(withSkills(agent, { skills: [], maxActive: 3 })).toBe(agent);
  });
});
