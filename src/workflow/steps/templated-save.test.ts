import { describe, expect, it } from 'vitest';
import { ZERO_COST } from '../../cost/add-costs.ts';
import { WorkflowLoadError } from '../../diagnostics/workflow-load-error.ts';
import { ZERO_USAGE } from '../../spec/usage.ts';
import { runWorkflow } from '../run/run-workflow.ts';
import { load, workflow } from './step-test-kit.ts';

// `save: "result_{{loop.index}}"`: the variable's name is a template, evaluated when the step ends.

const invokeAgent = async ({ message }: { message: string }) => ({
  text: `done ${message}`,
  usage: ZERO_USAGE,
  cost: ZERO_COST,
});

function problemsOf(text: string) {
  try {
    return load(text).warnings;
  } catch (error) {
    if (error instanceof WorkflowLoadError) return error.diagnostics;
    throw error;
  }
}

describe('a template in `save`', () => {
  it('saves each value under the name the template gives', async () => {
    const document = load(
      workflow(
        "      - for: language in ['French', 'German']",
        '        steps:',
        '          - Coder: "Translate into {{language}}"',
        '            save: "text_{{language | lower}}"',
        '      - set: { count: 0 }',
        '      - recall: { key: k, save: "memo_{{count}}", default: 7 }',
        '    output: { fr: "{{text_french}}", de: "{{text_german}}", memo: "{{memo_0}}" }',
      ),
    );
    const memory = new Map<string, unknown>();
    const result = await runWorkflow(document, {
      inputs: {},
      invokeAgent,
      memory: {
        get: async (key) => memory.get(key),
        set: async (key, value) => void memory.set(key, value),
      },
    });
    expect(result.output).toEqual({
      fr: 'done Translate into French',
      de: 'done Translate into German',
      memo: 7,
    });
    expect(result.variables).toMatchObject({ text_french: 'done Translate into French', memo_0: 7 });
  });

  it('fails the run at the save when the template does not give a name', async () => {
    const document = load(
      workflow('      - set: { who: "two words" }', '      - Coder: "Hi"', '        save: "result_{{who}}"'),
    );
    await expect(runWorkflow(document, { inputs: {}, invokeAgent })).rejects.toThrow(
      /`save: "result_\{\{who\}\}"` gave 'result_two words'[\s\S]*--> team\.vega\.yaml:8:15/,
    );
  });

  it('rejects literal text that cannot be part of a name, and checks the names it reads', () => {
    const problems = problemsOf(workflow('      - Coder: "Hi"', '        save: "my result {{x}}"'));
    expect(problems.map((problem) => [problem.code, problem.line])).toEqual([['invalid_name', 7]]);
    const undefinedName = problemsOf(workflow('      - Coder: "Hi"', '        save: "result_{{nope}}"'));
    expect(undefinedName.map((problem) => [problem.code, problem.line])).toEqual([['undefined_variable', 7]]);
  });

  it('makes names with its literal prefix known to the static check, and warns when none is read', () => {
    const read = problemsOf(
      workflow(
        '      - for: n in [1, 2]',
        '        steps:',
        '          - Coder: "{{n}}"',
        '            save: "result_{{n}}"',
        '      - Coder: "{{result_1}} {{result_2}}"',
      ),
    );
    expect(read).toEqual([]);
    const unread = problemsOf(
      workflow('      - Coder: "Hi"', '        save: "result_{{1 + 1}}"', '      - Coder: "{{other}}"'),
    );
    expect(unread.map((problem) => [problem.code, problem.line])).toEqual([['undefined_variable', 8]]);
    const neverRead = problemsOf(
      workflow('      - Coder: "Hi"', '        save: "result_{{1 + 1}}"', '      - Coder: "Bye"'),
    );
    expect(neverRead.map((problem) => [problem.code, problem.message])).toEqual([
      ['unused_variable', "variable 'result_{{1 + 1}}' is saved but never read in workflow 'main'"],
    ]);
  });
});
