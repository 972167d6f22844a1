import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectSkills, triggerMatches } from './select-skills.ts';
import type { Skill, SkillTrigger } from './skill.ts';

const keyword = (word: string): SkillTrigger => ({ kind: 'keyword', keyword: word });
const skillOf = (name: string, triggers: SkillTrigger[]): Skill => ({
  name,
  description: '',
  tags: [],
  triggers,
  instructions: `Do ${name}.`,
  file: `/skills/${name}.skill.md`,
});

describe('triggerMatches', () => {
  it('matches keywords as whole words in any case, spaces between words loosely', () => {
    expect(triggerMatches(keyword('review'), 'Please REVIEW this')).toBe(true);
    expect(triggerMatches(keyword('review'), 'a preview, reviewed')).toBe(false);
    expect(triggerMatches(keyword('pull request'), 'open a Pull\n  Request now')).toBe(true);
    expect(triggerMatches(keyword('c++'), 'written in C++.')).toBe(true);
    expect(triggerMatches(keyword('c++'), 'abc++')).toBe(false);
    expect(triggerMatches(keyword('café'), 'au café!')).toBe(true);
  });

  it('matches patterns anywhere', () => {
    expect(triggerMatches({ kind: 'pattern', pattern: /PR ?#\d+/i }, 'see pr #12')).toBe(true);
    expect(triggerMatches({ kind: 'pattern', pattern: /^RELEASE/ }, 'a RELEASE')).toBe(false);
  });
});

describe('selectSkills', () => {
  it('orders by matching triggers, then name, and keeps max_active', () => {
    const skills = [
      skillOf('zeta', [keyword('deploy'), keyword('prod')]),
      skillOf('alpha', [keyword('deploy')]),
      skillOf('beta', [keyword('deploy')]),
      skillOf('idle', [keyword('never')]),
    ];
    const names = (message: string, maxActive: number) =>
      selectSkills(message, { skills, maxActive }).map(({ skill, matches }) => `${skill.name}:${matches}`);
    expect(names('deploy to prod', 3)).toEqual(['zeta:2', 'alpha:1', 'beta:1']);
    expect(names('deploy to prod', 1)).toEqual(['zeta:2']);
    expect(names('deploy', 0)).toEqual([]);
    expect(names('nothing here', 3)).toEqual([]);
  });

  it('is a function of the message and the set of skills: their order never matters (property)', () => {
    const words = ['alpha', 'beta', 'gamma', 'delta', 'omega'];
    const arbitrarySkill = fc.record({
      name: fc.stringMatching(/^[a-z]{1,6}$/),
      triggers: fc.uniqueArray(fc.constantFrom(...words), { minLength: 1, maxLength: 4 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(arbitrarySkill, { selector: (skill) => skill.name, maxLength: 8 }),
        fc.subarray(words),
        fc.integer({ min: 0, max: 5 }),
        fc.integer(),
        (specs, messageWords, maxActive, seed) => {
          const skills = specs.map((spec) => skillOf(spec.name, spec.triggers.map(keyword)));
          const message = messageWords.join(' ');
          const selected = selectSkills(message, { skills, maxActive });
          const shuffled = [...skills].sort(
            (a, b) => ((a.name.charCodeAt(0) * seed) % 7) - ((b.name.charCodeAt(0) * seed) % 7),
          );
          expect(selectSkills(message, { skills: shuffled, maxActive })).toEqual(selected);
          // The model: count each skill's triggers among the message's words.
          const counted = skills
            .map((skill) => ({
              name: skill.name,
              matches: skill.triggers.filter((t) => t.kind === 'keyword' && messageWords.includes(t.keyword))
                .length,
            }))
            .filter((entry) => entry.matches > 0);
          expect(selected.length).toBe(Math.min(maxActive, counted.length));
          const chosen = new Set(selected.map(({ skill }) => skill.name));
          for (const entry of counted) {
            if (chosen.has(entry.name)) continue;
            // Nothing left out beats anything taken.
            for (const taken of selected) expect(taken.matches).toBeGreaterThanOrEqual(entry.matches);
          }
          for (let index = 1; index < selected.length; index++) {
            const previous = selected[index - 1]!;
            const current = selected[index]!;
            expect(
              previous.matches > current.matches ||
                (previous.matches === current.matches && previous.skill.name < current.skill.name),
            ).toBe(true);
          }
        },
      ),
    );
  });
});
