// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are the DSL's own ${VAR} syntax.
import { describe, expect, it } from 'vitest';
import { WorkflowLoadError } from '../../diagnostics/workflow-load-error.ts';
import { parseWorkflow } from './parse-workflow.ts';
import { parseMoney } from './read-money.ts';

const agentWithBudget = (budget: string): string =>
  `agents:\n  Coder:\n    system: s\n    budget: ${budget}\n`;

function problems(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseWorkflow(text, 'team.vega.yaml', { env, directory: '/project' });
    return [];
  } catch (error) {
    if (!WorkflowLoadError.isWorkflowLoadError(error)) throw error;
    return error.diagnostics.map(
      (item) =>
        `${item.line}:${item.column} ${item.code} ${item.message}${item.hint ? ` — ${item.hint}` : ''}`,
    );
  }
}

describe('parseMoney', () => {
  it('reads dollars with or without $, whole or with cents', () => {
    expect(['$0.50', '$1', '$0.25', '$10.00', '1.5', '2', '.5', '$.75', ' $3 ', '0'].map(parseMoney)).toEqual(
      [0.5, 1, 0.25, 10, 1.5, 2, 0.5, 0.75, 3, 0],
    );
  });

  it('refuses other currencies, signs, empty amounts and malformed numbers', () => {
    for (const text of [
      '',
      '$',
      '$1.2.3',
      '€5',
      '5€',
      '-1',
      '$-1',
      '-$1',
      'USD 5',
      '1e3',
      '$1,000',
      '1.',
      'NaN',
    ]) {
      expect(parseMoney(text)).toBeUndefined();
    }
  });
});

describe('readMoney, as `budget` of an agent', () => {
  it('reads $ amounts, quoted amounts, numbers and ${VAR}', () => {
    const budgetOf = (text: string, env: Record<string, string> = {}) =>
      parseWorkflow(agentWithBudget(text), 'team.vega.yaml', { env, directory: '/project' }).agents.get(
        'Coder',
      )?.budgetUsd;
    expect(budgetOf('$0.50')).toBe(0.5);
    expect(budgetOf('"$1"')).toBe(1);
    expect(budgetOf('$10.00')).toBe(10);
    expect(budgetOf('1.5')).toBe(1.5);
    expect(budgetOf('3')).toBe(3);
    expect(budgetOf('0')).toBe(0);
    expect(budgetOf('${BUDGET}', { BUDGET: '$2.5' })).toBe(2.5);
  });

  it('says which form it takes, at the value', () => {
    expect(problems(agentWithBudget('€5'))).toEqual([
      `4:13 invalid_money \`budget\` of agent 'Coder' must be an amount of money like "$0.50" or a number of dollars, got text ('€5') — amounts are in US dollars: write $0.25, "$1", $10.00 or 1.5`,
    ]);
    expect(problems(agentWithBudget('$1.2.3'))[0]).toMatch(/^4:13 invalid_money .* got text \('\$1\.2\.3'\)/);
    expect(problems(agentWithBudget('$'))[0]).toMatch(/^4:13 invalid_money .* got text \('\$'\)/);
    expect(problems(agentWithBudget('.nan'))[0]).toMatch(/^4:13 invalid_money .* got a number \(NaN\)$/);
  });

  it('refuses negative amounts and values of the wrong type', () => {
    expect(problems(agentWithBudget('-1'))).toEqual([
      "4:13 invalid_value `budget` of agent 'Coder' cannot be negative, got -1",
    ]);
    expect(problems(agentWithBudget('-$0.50'))).toEqual([
      "4:13 invalid_value `budget` of agent 'Coder' cannot be negative, got '-$0.50'",
    ]);
    expect(problems(agentWithBudget('[1]'))).toEqual([
      `4:13 invalid_type \`budget\` of agent 'Coder' must be an amount of money like "$0.50" or a number of dollars, got a list`,
    ]);
    expect(problems(agentWithBudget('true'))[0]).toMatch(/^4:13 invalid_type .* got true$/);
  });
});
