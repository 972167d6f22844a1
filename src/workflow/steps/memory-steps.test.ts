import { describe, expect, it } from 'vitest';
import { parseTeam as parse, problems } from '../../../test/support/workflow-problems.ts';
import { ZERO_COST } from '../../cost/add-costs.ts';
import { VegaError } from '../../errors/vega-error.ts';
import type { CheckpointJournal, EffectOptions } from '../../spec/effect-journal.ts';
import { ZERO_USAGE } from '../../spec/usage.ts';
import type { RecallStep, RememberStep } from '../document/step.ts';
import { runWorkflow } from '../run/run-workflow.ts';
import type { WorkflowMemory } from '../run/workflow-memory.ts';

const withSteps = (...lines: string[]): string =>
  `agents:\n  A: { system: s }\nworkflows:\n  w:\n    inputs: [user]\n    steps:\n${lines.map((line) => `      ${line}\n`).join('')}`;

/** A memory in a map, counting reads and writes. */
function mapMemory(entries: Record<string, unknown> = {}) {
  const values = new Map(Object.entries(entries));
  const calls: string[] = [];
  const memory: WorkflowMemory = {
    get: async (key) => {
      calls.push(`get ${key}`);
      return values.get(key);
    },
    set: async (key, value) => {
      calls.push(`set ${key}`);
      values.set(key, value);
    },
  };
  return { memory, values, calls };
}

/** A journal kept in a map: what is recorded comes back without performing, as on resume and replay. */
function mapJournal(recorded: Record<string, unknown> = {}) {
  const results = new Map(Object.entries(recorded));
  const effects: { key: string; kind: string; idempotent: boolean; request: unknown }[] = [];
  const journal: CheckpointJournal = {
    async effect<Value>(key: string, options: EffectOptions<Value>, perform: () => Promise<Value>) {
      effects.push({ key, kind: options.kind, idempotent: options.idempotent, request: options.request });
      if (results.has(key)) {
        const kept = results.get(key);
        return options.decode === undefined ? (kept as Value) : options.decode(kept);
      }
      const value = await perform();
      results.set(key, options.encode === undefined ? value : options.encode(value));
      return value;
    },
    async checkpoint() {},
    recordedStartOf: () => undefined,
  };
  return { journal, results, effects };
}

const invokeAgent = async ({ message }: { message: string }) => ({
  text: message,
  usage: ZERO_USAGE,
  cost: ZERO_COST,
});

const memoryTeam = parse(
  withSteps(
    '- remember: { key: "prefs_{{user}}", value: { tone: warm, for: "{{user}}" } }',
    '- recall: { key: "prefs_{{user}}", save: prefs }',
    '- recall: { key: "other_{{user}}", save: other, default: { tone: "plain {{user}}" } }',
    '- recall: { key: "missing", save: nothing, id: last }',
    '- A: "{{prefs.tone}} {{other.tone}} {{nothing}}"',
  ),
);

describe('remember and recall: parsing', () => {
  it('reads the keys inside the map, and `id` or `save` beside the keyword', () => {
    const text = withSteps(
      '- remember: { key: "prefs_{{user}}", value: "{{user}}", id: kept }',
      '- recall: { key: "prefs_{{user}}", default: [] }',
      '  save: prefs',
      '  id: back',
      '- A: "{{prefs}}"',
    );
    const [remember, recall] = parse(text).workflows.get('w')?.steps ?? [];
    expect(remember).toMatchObject({
      kind: 'remember',
      index: 0,
      id: { value: 'kept' },
      key: { source: 'prefs_{{user}}' },
      value: { kind: 'template', template: { source: '{{user}}' } },
    });
    expect(recall).toMatchObject({
      kind: 'recall',
      save: { value: 'prefs', span: { line: 9, column: 15 } },
      id: { value: 'back' },
      default: { kind: 'list', items: [] },
    });
    expect((recall as RecallStep).key.segments).toMatchObject([
      { kind: 'text', text: 'prefs_' },
      { kind: 'expression', span: { line: 8, column: 31, length: 8 } },
    ]);
  });

  it('leaves `default` out when it is not written', () => {
    const [, recall] = memoryTeam.workflows.get('w')?.steps ?? [];
    expect((recall as RecallStep).default).toBeUndefined();
    expect(((memoryTeam.workflows.get('w')?.steps ?? [])[0] as RememberStep).value.kind).toBe('map');
  });

  it('defines `save` for later steps, checks the templates it reads, and warns when nothing reads it', () => {
    expect(
      problems(withSteps('- recall: { key: "p_{{usr}}", save: prefs, default: "{{usr}}" }', '- A: hi')),
    ).toEqual([
      "7:27 undefined_variable undefined variable 'usr' in workflow 'w' — did you mean 'user'? (defined here: user, input)",
      "7:60 undefined_variable undefined variable 'usr' in workflow 'w' — did you mean 'user'? (defined here: user, input)",
    ]);
    const text = withSteps('- recall: { key: k, save: unread }', '- A: hi');
    expect(parse(text).warnings).toMatchObject([
      {
        code: 'unused_variable',
        message: "variable 'unread' is saved but never read in workflow 'w'",
        line: 7,
      },
    ]);
    expect(problems(withSteps('- A: "{{prefs}}"', '- recall: { key: k, save: prefs }'))).toEqual([
      "7:13 undefined_variable undefined variable 'prefs' in workflow 'w' — defined here: user, input",
    ]);
  });
});

describe('remember and recall: diagnostics', () => {
  it('names an unknown key with "did you mean", without also saying the key it meant is missing', () => {
    expect(problems(withSteps('- remember: { key: k, vaule: "{{user}}" }'))).toEqual([
      "7:29 unknown_key unknown key 'vaule' in `remember` — did you mean 'value'?",
    ]);
    expect(problems(withSteps('- recall: { key: k, save: p, into: q }', '- A: "{{p}}"'))).toEqual([
      "7:36 unknown_key unknown key 'into' in `recall` — the keys of `recall` are key, save, default, id",
    ]);
  });

  it('reports missing keys at the keyword, with the step written right', () => {
    expect(problems(withSteps('- remember: { key: k }', '- recall: { default: 1 }'))).toEqual([
      '7:9 missing_key `remember` needs a `value` — write it as `- remember: { key: "prefs_{{user}}", value: "{{prefs}}" }`',
      '8:9 missing_key `recall` needs a `key` — write it as `- recall: { key: "prefs_{{user}}", save: prefs, default: {} }`',
      '8:9 missing_key `recall` needs a `save` — write it as `- recall: { key: "prefs_{{user}}", save: prefs, default: {} }`',
    ]);
  });

  it('refuses a value that is not a map, an empty key, a bad name and a key that is not text', () => {
    expect(
      problems(
        withSteps(
          '- recall: prefs',
          '- remember:',
          '- remember: { key: "", value: 1 }',
          '- recall: { key: k, save: 2fast }',
          '- remember: { key: [a], value: 1 }',
        ),
      ),
    ).toEqual([
      '7:17 invalid_type `recall` must be a map of `key: value`, got text (\'prefs\') — write it as `- recall: { key: "prefs_{{user}}", save: prefs, default: {} }`',
      '8:9 invalid_type `remember` must be a map of `key: value`, got nothing — write it as `- remember: { key: "prefs_{{user}}", value: "{{prefs}}" }`',
      '9:26 invalid_value `remember.key` is empty — name the memory entry, like `key: "prefs_{{user}}"`',
      "10:33 invalid_name invalid variable name '2fast' — use letters, digits and _ (not first a digit), so that {{name}} can read it",
      '11:26 invalid_type `remember.key` must be text, got a list',
    ]);
  });

  it('refuses a key given inside and beside, and keys of other kinds of step', () => {
    expect(
      problems(
        withSteps(
          '- recall: { key: k, save: p }',
          '  save: q',
          '- remember: { key: k, value: 1 }',
          '  send: hi',
        ),
      ),
    ).toEqual([
      '8:9 conflicting_keys `save` is given both inside `recall` and beside it — keep one of them',
      '10:9 unknown_key `send` does not belong in a `remember` step — it applies to agent steps',
    ]);
  });
});

describe('remember and recall: running', () => {
  it('remembers, recalls, and gives the default (evaluated) or null for a key never remembered', async () => {
    const { memory, values, calls } = mapMemory();
    const result = await runWorkflow(memoryTeam, { inputs: { user: 'ada' }, invokeAgent, memory });
    expect(values.get('prefs_ada')).toEqual({ tone: 'warm', for: 'ada' });
    expect(calls).toEqual(['set prefs_ada', 'get prefs_ada', 'get other_ada', 'get missing']);
    expect(result.variables).toMatchObject({
      prefs: { tone: 'warm', for: 'ada' },
      other: { tone: 'plain ada' },
      nothing: null,
    });
    expect(result.output).toBe('warm plain ada ');
    expect(result.steps.slice(0, 4)).toEqual([
      { index: 0, kind: 'remember', memoryKey: 'prefs_ada', durationMs: expect.any(Number) },
      {
        index: 1,
        kind: 'recall',
        memoryKey: 'prefs_ada',
        save: 'prefs',
        found: true,
        durationMs: expect.any(Number),
      },
      {
        index: 2,
        kind: 'recall',
        memoryKey: 'other_ada',
        save: 'other',
        found: false,
        durationMs: expect.any(Number),
      },
      {
        index: 3,
        id: 'last',
        kind: 'recall',
        memoryKey: 'missing',
        save: 'nothing',
        found: false,
        durationMs: expect.any(Number),
      },
    ]);
  });

  it('fails with `no_memory` when the run has no memory', async () => {
    const run = runWorkflow(memoryTeam, { inputs: { user: 'ada' }, invokeAgent });
    await expect(run).rejects.toSatisfy(
      (error) => VegaError.isInstance(error) && error.code === 'no_memory' && error.hint !== undefined,
    );
    await expect(run).rejects.toThrow('The `remember` step (step 1) needs persistent memory');
  });

  it('journals reads and writes in a durable run, and takes recorded reads over the memory', async () => {
    const { memory, calls } = mapMemory({ prefs_ada: { tone: 'now' }, missing: 'now' });
    const { journal, effects } = mapJournal({
      'step-1/recall': { found: true, value: { tone: 'recorded' } },
      'step-3/recall': { found: false },
    });
    const result = await runWorkflow(memoryTeam, {
      inputs: { user: 'ada' },
      invokeAgent,
      memory,
      journal: { journal, runId: 'r1' },
    });
    expect(result.variables).toMatchObject({ prefs: { tone: 'recorded' }, nothing: null });
    expect(calls).toEqual(['set prefs_ada', 'get other_ada']);
    expect(effects).toEqual([
      {
        key: 'step-0/remember',
        kind: 'memory-write',
        idempotent: true,
        request: { key: 'prefs_ada', digest: expect.stringMatching(/^[0-9a-f]{64}$/) },
      },
      { key: 'step-1/recall', kind: 'memory-read', idempotent: true, request: { key: 'prefs_ada' } },
      { key: 'step-2/recall', kind: 'memory-read', idempotent: true, request: { key: 'other_ada' } },
      { key: 'step-3/recall', kind: 'memory-read', idempotent: true, request: { key: 'missing' } },
    ]);
  });
});
