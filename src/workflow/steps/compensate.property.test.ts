/**
 * `compensate` and `try`/`catch` checked against a model: random workflows of agent steps that succeed
 * or fail, some with a compensation (which may itself fail), some grouped in a `try` with a `catch`.
 * The model says which messages the agents get, in which order, whether the run fails, and which
 * compensations fail.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZERO_COST } from '../../cost/add-costs.ts';
import { VegaError } from '../../errors/vega-error.ts';
import { ZERO_USAGE } from '../../spec/usage.ts';
import { parseWorkflow } from '../load/parse-workflow.ts';
import { compensationErrorsOf } from '../run/compensation-stack.ts';
import { runWorkflow } from '../run/run-workflow.ts';
import type { AgentRequest } from '../run/workflow-result.ts';

interface Work {
  readonly fails: boolean;
  readonly compensate: 'none' | 'works' | 'fails';
}
type Item =
  | { readonly kind: 'step'; readonly work: Work }
  | { readonly kind: 'try'; readonly works: readonly Work[] };

const work: fc.Arbitrary<Work> = fc.record({
  fails: fc.boolean(),
  compensate: fc.constantFrom('none', 'works', 'fails'),
});
const items = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: work.map((w): Item => ({ kind: 'step', work: w })) },
    {
      weight: 1,
      arbitrary: fc
        .array(work, { minLength: 1, maxLength: 3 })
        .map((works): Item => ({ kind: 'try', works })),
    },
  ),
  { minLength: 1, maxLength: 6 },
);

/** The YAML of one agent step numbered `n`, indented by `indent`. */
function stepYaml(w: Work, n: number, indent: string): string[] {
  const lines = [`${indent}- Coder: "${w.fails ? 'FAIL' : 'Do'} ${n}"`];
  if (w.compensate !== 'none')
    lines.push(
      `${indent}  compensate: [ { Coder: "${w.compensate === 'fails' ? 'FAIL' : 'Undo'} undo ${n}" } ]`,
    );
  return lines;
}

function workflowYaml(list: readonly Item[]): string {
  const lines = ['agents:', '  Coder: { system: You work. }', 'workflows:', '  main:', '    steps:'];
  let n = 0;
  for (const item of list) {
    if (item.kind === 'step') lines.push(...stepYaml(item.work, n++, '      '));
    else {
      lines.push('      - try:');
      for (const w of item.works) lines.push(...stepYaml(w, n++, '          '));
      lines.push('        catch:', '          - Coder: "Caught {{error.message}}"');
    }
  }
  return `${lines.join('\n')}\n`;
}

/** What the model expects: the messages, whether the run fails, how many compensations fail. */
function expected(list: readonly Item[]) {
  const messages: string[] = [];
  const stack: { n: number; fails: boolean }[] = [];
  let n = 0;
  const runStep = (w: Work): boolean => {
    const number = n++;
    messages.push(`${w.fails ? 'FAIL' : 'Do'} ${number}`);
    if (w.fails) return false;
    if (w.compensate !== 'none') stack.push({ n: number, fails: w.compensate === 'fails' });
    return true;
  };
  for (const item of list) {
    if (item.kind === 'step') {
      if (!runStep(item.work)) {
        const failing = stack.reverse();
        for (const entry of failing) messages.push(`${entry.fails ? 'FAIL' : 'Undo'} undo ${entry.n}`);
        return { messages, failed: true, compensationErrors: failing.filter((entry) => entry.fails).length };
      }
    } else {
      const start = n;
      const failedAt = item.works.findIndex((w) => !runStep(w));
      if (failedAt !== -1) {
        // The rest of the try block is skipped; `catch` sees the failure.
        messages.push(`Caught could not: FAIL ${start + failedAt}`);
        n = start + item.works.length;
      }
    }
  }
  return { messages, failed: false, compensationErrors: 0 };
}

describe('compensate and try/catch against a model', () => {
  it('sends the messages the model predicts, in order, and fails exactly when the model does', async () => {
    await fc.assert(
      fc.asyncProperty(items, async (list) => {
        const messages: string[] = [];
        const invokeAgent = async (request: AgentRequest) => {
          messages.push(request.message);
          if (request.message.startsWith('FAIL'))
            throw new VegaError('tool_failed', `could not: ${request.message}`);
          return { text: `done ${request.message}`, usage: ZERO_USAGE, cost: ZERO_COST };
        };
        const document = parseWorkflow(workflowYaml(list), 'w.vega.yaml', { env: {}, directory: '/p' });
        const failure = await runWorkflow(document, { inputs: {}, invokeAgent }).then(
          () => undefined,
          (error: unknown) => error,
        );
        const model = expected(list);
        expect(messages).toEqual(model.messages);
        expect(failure !== undefined).toBe(model.failed);
        expect(compensationErrorsOf(failure)).toHaveLength(model.compensationErrors);
      }),
      { numRuns: 200 },
    );
  });
});
