import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiagnosticError } from '../../src/diagnostics/diagnostic-error.ts';
import { loadWorkflowFile } from '../../src/workflow/load/load-workflow-file.ts';
import {
  checkLoad,
  describeFailure,
  FUZZ_ENV,
  type FuzzFailure,
  type LoadOutcome,
  positionProblem,
} from './check-load.ts';
import { anyExpression, grammarExpression } from './expression-arbitrary.ts';
import { type ExtremeKind, extremeDocument } from './extreme-documents.ts';
import { mutateWorkflowText } from './mutate-workflow-text.ts';
import { seededRandom } from './seeded-random.ts';

/**
 * Fuzzing the loader and validator: 10,000 seeded, reproducible cases in all (examples mutated, rich
 * documents mutated, random expressions in every template place, and extreme documents). Each case must
 * load or give diagnostics — never throw anything else — and every diagnostic must have a place. A case
 * that hangs fails the test on vitest's timeout; the slowest cases are printed for a human to look at.
 * A failing case is reproduced from the label it is reported with (`<it>#<index>`, seed `SEED + index`).
 */
const SEED = Number(process.env.VEGA_FUZZ_SEED ?? 20261121);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FILE = 'fuzz.vega.yaml';

const readSeeds = (folder: string): { name: string; text: string }[] => {
  try {
    return readdirSync(join(ROOT, folder))
      .filter((name) => name.endsWith('.vega.yaml'))
      .sort()
      .map((name) => ({ name: `${folder}/${name}`, text: readFileSync(join(ROOT, folder, name), 'utf8') }));
  } catch {
    return [];
  }
};

let folder = '';
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'vega-fuzz-'));
  // What the seed documents refer to, so includes and prompt files resolve and the loader reads on.
  mkdirSync(join(folder, 'prompts'));
  mkdirSync(join(folder, 'knowledge'));
  mkdirSync(join(folder, 'skills'));
  writeFileSync(join(folder, 'prompts', 'writer.md'), 'You write.\n');
  writeFileSync(join(folder, 'knowledge', 'style.md'), 'Be brief.\n');
  writeFileSync(join(folder, 'agents.vega.yaml'), 'agents:\n  Shared: { system: You help. }\n');
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Runs `count` cases, collecting broken promises; keeps the slowest for the log. */
function fuzz(label: string, count: number, makeCase: (index: number) => string): LoadOutcome[] {
  const failures: FuzzFailure[] = [];
  const outcomes: LoadOutcome[] = [];
  let slowest = { milliseconds: 0, index: -1 };
  for (let index = 0; index < count; index += 1) {
    const text = makeCase(index);
    const outcome = checkLoad(text, FILE, folder);
    outcomes.push(outcome);
    if (outcome.milliseconds > slowest.milliseconds) slowest = { milliseconds: outcome.milliseconds, index };
    if (outcome.violation !== undefined)
      failures.push({ label: `${label}#${index}`, violation: outcome.violation, text });
  }
  const loaded = outcomes.filter((outcome) => outcome.loaded).length;
  console.log(
    `fuzz ${label}: ${count} cases, ${loaded} loaded, ${count - loaded} rejected with diagnostics; ` +
      `slowest ${label}#${slowest.index} took ${slowest.milliseconds.toFixed(0)} ms`,
  );
  expect(
    failures.slice(0, 3).map(describeFailure),
    `${failures.length} of ${count} cases broke a promise`,
  ).toEqual([]);
  return outcomes;
}

const expressions = (seed: number, count: number, arbitrary = anyExpression) => {
  const samples = fc.sample(arbitrary, { seed, numRuns: count });
  let next = 0;
  return () => samples[next++ % samples.length]!;
};

describe('fuzzing the loader: it gives diagnostics with places, never a crash or a hang', () => {
  const examples = readSeeds('examples');
  const documents = [...readSeeds('test/fuzz/seeds'), ...readSeeds('test/compat/files')];

  it('the unmutated seeds load or fail with placed diagnostics', () => {
    expect(examples.length).toBeGreaterThan(0);
    const all = [...examples, ...documents];
    fuzz('seeds', all.length, (index) => all[index]!.text);
  });

  it('3,000 mutations of the example files', () => {
    const expression = expressions(SEED, 500);
    fuzz('examples', 3_000, (index) => {
      const random = seededRandom(SEED + index);
      return mutateWorkflowText(random.pick(examples).text, random, expression);
    });
  }, 60_000);

  it('3,000 mutations of rich documents covering the whole DSL', () => {
    const expression = expressions(SEED + 1, 500);
    fuzz('documents', 3_000, (index) => {
      const random = seededRandom(SEED + 100_000 + index);
      return mutateWorkflowText(random.pick(documents).text, random, expression);
    });
  }, 60_000);

  it('2,500 random expressions, from the grammar and junk, in every place a template or condition goes', () => {
    const expression = expressions(SEED + 2, 2_500);
    const grammatical = expressions(SEED + 3, 200, grammarExpression);
    const places = [
      (e: string) => `      - Coder: ${JSON.stringify(`Do {{${e}}} now`)}\n        save: out`,
      (e: string) => `      - set: { out: ${JSON.stringify(`{{${e}}}`)} }`,
      (e: string) => `      - if: ${JSON.stringify(e)}\n        then: [ { set: { out: 1 } } ]`,
      (e: string) =>
        `      - repeat:\n          steps: [ { set: { out: 1 } } ]\n          until: ${JSON.stringify(e)}\n          max: ${JSON.stringify(`{{${e}}}`)}`,
      (e: string) =>
        `      - for: item in ${JSON.stringify(e).slice(1, -1) || 'items'}\n        steps: [ { set: { out: "{{item}}" } } ]`,
      (e: string) => `      - Coder:\n          send: hi\n          save: ${JSON.stringify(`out_{{${e}}}`)}`,
      (e: string) => `      - set: { out: ${JSON.stringify(`a {{${e}}} b {{${grammatical()}}} c`)} }`,
    ];
    fuzz('expressions', 2_500, (index) => {
      const random = seededRandom(SEED + 200_000 + index);
      const place = random.pick(places);
      return (
        'agents:\n  Coder: { system: You code. }\nworkflows:\n  main:\n    inputs:\n' +
        '      task: { type: string, default: t }\n      items: { type: string, default: abc }\n    steps:\n' +
        `${place(expression())}\n    output: ${JSON.stringify(`{{${random.chance(0.5) ? expression() : 'task'}}}`)}\n`
      );
    });
  }, 60_000);

  it('1,480 extreme documents (1,240, then 240 of them mutated): deep nesting, alias bombs and cycles, tabs, duplicate and unknown keys', () => {
    const kinds: ExtremeKind[] = [
      'nested-if',
      'nested-loops',
      'nested-value',
      'alias-bomb',
      'alias-cycle',
      'layout',
    ];
    const counts: Record<string, number> = {
      'nested-if': 100,
      'nested-loops': 80,
      'nested-value': 300,
      'alias-bomb': 300,
      'alias-cycle': 160,
      layout: 300,
    };
    const plan = kinds.flatMap((kind) => Array.from({ length: counts[kind] ?? 200 }, () => kind));
    const plannedCases = plan.length + 240; // and mutations of the extreme documents themselves
    const outcomes = fuzz('extremes', plannedCases, (index) => {
      const random = seededRandom(SEED + 300_000 + index);
      if (index < plan.length) return extremeDocument(plan[index]!, random);
      const base = extremeDocument(random.pick(kinds), random);
      return mutateWorkflowText(base, random, () => 'task | upper');
    });
    // Every alias bomb was refused with its own diagnostic rather than expanded.
    const bombs = outcomes.filter((_outcome, index) => plan[index] === 'alias-bomb');
    for (const outcome of bombs) {
      const codes = outcome.diagnostics.map((diagnostic) => diagnostic.code);
      if (outcome.loaded) continue; // small bombs (3 levels of 2) are within the limit
      expect(codes.length).toBeGreaterThan(0);
    }
    expect(
      bombs.filter((outcome) => outcome.diagnostics.some((d) => d.code === 'yaml_alias_limit')).length,
    ).toBeGreaterThan(50);
  }, 60_000);

  it('20 megabyte strings, in prompts, templates, conditions, keys and comments', () => {
    fuzz('huge', 20, (index) => extremeDocument('huge-string', seededRandom(SEED + 400_000 + index)));
  }, 60_000);

  it('the file path `vega validate` takes gives the same diagnostics as the in-process parse', async () => {
    // 100 mutated files written to disk and loaded with loadWorkflowFile (what `vega validate` calls).
    const expression = expressions(SEED + 4, 100);
    const failures: string[] = [];
    for (let index = 0; index < 100; index += 1) {
      const random = seededRandom(SEED + 500_000 + index);
      const text = mutateWorkflowText(random.pick([...examples, ...documents]).text, random, expression);
      writeFileSync(join(folder, FILE), text);
      const inProcess = checkLoad(text, FILE, folder);
      try {
        await loadWorkflowFile(FILE, { env: FUZZ_ENV, cwd: folder });
        if (!inProcess.loaded) failures.push(`file#${index}: loaded from disk but not in process`);
      } catch (error) {
        if (!DiagnosticError.isDiagnosticError(error)) {
          failures.push(`file#${index}: threw ${String(error)}`);
          continue;
        }
        const lines = text.split('\n').length;
        for (const diagnostic of error.diagnostics) {
          const problem = positionProblem(diagnostic, lines, FILE);
          if (problem !== undefined) failures.push(`file#${index}: ${problem}`);
        }
        if (error.diagnostics.length !== inProcess.diagnostics.length)
          failures.push(
            `file#${index}: ${error.diagnostics.length} diagnostics from disk, ${inProcess.diagnostics.length} in process`,
          );
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);
});

describe('fuzz regressions: the loader bounds YAML aliases', () => {
  const load = (text: string) => checkLoad(text, FILE, folder);

  it('refuses a billion-laughs alias bomb at once, at the alias, instead of expanding it', () => {
    const anchors = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (const [index, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries()) {
      const previous = String.fromCharCode('a'.charCodeAt(0) + index);
      anchors.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    const text = `settings:\n  shared:\n${anchors.map((line) => `    ${line}`).join('\n')}\nagents:\n  Coder: { system: hi }\nworkflows:\n  main:\n    steps:\n      - set: { boom: *i }\n      - Coder: "{{boom}}"\n`;
    const outcome = load(text);
    expect(outcome.violation).toBeUndefined();
    expect(outcome.diagnostics).toEqual([
      expect.objectContaining({ code: 'yaml_alias_limit', line: 17, column: 22, severity: 'error' }),
    ]);
  });

  it('refuses an alias inside the value it refers to (a cycle) instead of recursing forever', () => {
    const text =
      'agents:\n  Coder: { system: hi }\nworkflows:\n  main:\n    inputs:\n      q: &q { type: string, default: [*q] }\n    steps:\n      - Coder: "{{q}}"\n';
    const outcome = load(text);
    expect(outcome.violation).toBeUndefined();
    expect(outcome.diagnostics).toEqual([
      expect.objectContaining({ code: 'yaml_alias_cycle', line: 6, column: 39, severity: 'error' }),
    ]);
  });

  it('still reads ordinary anchors and aliases', () => {
    const text =
      'settings:\n  retry: &retry { max_attempts: 3, backoff: exponential, initial: 1s, max: 30s }\n' +
      'agents:\n  Coder: { system: hi, retry: *retry }\n  Other: { system: hi, retry: *retry }\n' +
      'workflows:\n  main:\n    steps:\n      - Coder: a\n      - Other: b\n';
    expect(load(text)).toMatchObject({ loaded: true });
  });
});
