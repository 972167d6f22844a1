import { access, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JournalEntry, StoredEvent } from '../src/spec/store.ts';
import { sqliteStore } from '../src/store/sqlite-store.ts';
import { type CliRun, runCli } from './cli/run-cli.ts';

// Every example workflow in examples/, run offline through the CLI on its scripted replies, with the
// exact output and exit code, and one check per construct it shows. Examples that write files run
// from a temporary copy of examples/, so the repository is never written to.

const REPOSITORY_ROOT = fileURLToPath(new URL('../', import.meta.url));
const EXAMPLES = join(REPOSITORY_ROOT, 'examples');

const temporaryFolders: string[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(temporaryFolders.splice(0).map((path) => rm(path, { recursive: true, force: true })));
});

async function temporaryFolder(): Promise<string> {
  const path = await mkdtemp(join(tmpdir(), 'vega-examples-'));
  temporaryFolders.push(path);
  return path;
}

/** Files a local run of the examples may have left behind: never part of a copy. */
const LEFT_BY_RUNS = /[\\/](\.vega|summary\.md|todos\.md|activity\.log)$/;

/** A temporary copy of examples/ (removed after the test), as `<returned folder>/examples`. */
async function copyOfExamples(): Promise<string> {
  const root = await temporaryFolder();
  await cp(EXAMPLES, join(root, 'examples'), {
    recursive: true,
    filter: (source) => !LEFT_BY_RUNS.test(source),
  });
  return root;
}

/** `vega run examples/<file> <argv>` from `cwd` (default: the repository); runs are kept in memory unless `env` names a store. */
function runExample(
  file: string,
  argv: readonly string[] = [],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  return runCli(['run', `examples/${file}`, ...argv], {
    cwd: options.cwd ?? REPOSITORY_ROOT,
    ...(options.env === undefined ? {} : { env: options.env }),
  });
}

interface JsonReport {
  readonly runId: string;
  readonly output: unknown;
  readonly steps: Record<string, unknown>[];
  readonly cost: { readonly usd: number };
}

/** The `--output json` report of a run that must have succeeded (stderr has the summary and cost tree). */
function reportOf(run: CliRun): JsonReport {
  expect(run.exitCode).toBe(0);
  return JSON.parse(run.stdout) as JsonReport;
}

/** The step records of a `--output json` run, without usage, cost, calls and duration. */
function stepsOf(report: JsonReport): Record<string, unknown>[] {
  return report.steps.map(({ usage, cost, calls, durationMs, ...step }) => step);
}

/** The journal and events of a run kept in the SQLite store at `db`. */
async function recordsOf(
  db: string,
  runId: string,
): Promise<{ journal: JournalEntry[]; events: StoredEvent[] }> {
  const store = await sqliteStore(db);
  try {
    return { journal: await store.listJournal(runId), events: await store.listEvents({ runId }) };
  } finally {
    await store.close();
  }
}

const resultOf = (journal: readonly JournalEntry[], key: string): unknown =>
  journal.find((entry) => entry.key === key)?.result;

describe('examples/refine.vega.yaml', () => {
  it('revises until the Critic approves in round 3, with the notes upper-cased and truncated', async () => {
    const run = await runExample('refine.vega.yaml', ['--quiet']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        'Sunshine by day, light all night, no cables ever.',
        'approved in round: 3 of at most 4',
        'critic: TOO PLAIN: SAY WHAT  / CLOSER. MENTION THAT / APPROVED',
        '',
      ].join('\n'),
    );
    expect(run.exitCode).toBe(0);
  });

  it('stops at the templated `max` when the Critic has not approved yet, and `default` fills the gap', async () => {
    const report = reportOf(await runExample('refine.vega.yaml', ['--max_rounds', '2', '--output', 'json']));
    expect(report.output).toBe(
      [
        'Sunshine by day, light all night, no cables ever.',
        'approved in round: never of at most 2',
        'critic: TOO PLAIN: SAY WHAT  / CLOSER. MENTION THAT',
      ].join('\n'),
    );
    const steps = stepsOf(report);
    expect(steps.filter((step) => step.kind === 'repeat')).toEqual([
      { index: 2, kind: 'repeat', iterations: 2 },
    ]);
    // `'APPROVED' not in verdict` took `then` both times: the Writer revised twice.
    expect(steps.filter((step) => step.kind === 'if').map((step) => step.branch)).toEqual(['then', 'then']);
  });

  it('checks the input against its bounds before the first step', async () => {
    const run = await runExample('refine.vega.yaml', ['--max_rounds', '20']);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("input 'max_rounds' of workflow 'refine' must be at most 10, got 20");
  });
});

describe('examples/code-review.vega.yaml', () => {
  const TASK = ['--task', 'a function that slugifies a title'];
  const FIXED = [
    'export function slugify(title: string): string {',
    '  return title',
    "    .normalize('NFKD')",
    "    .replace(/[\\u0300-\\u036f]/g, '')",
    '    .toLowerCase()',
    "    .replace(/[^a-z0-9]+/g, '-')",
    "    .replace(/^-+|-+$/g, '');",
    '}',
  ];

  it('returns the fixed code from inside the loop once the Reviewer approves it', async () => {
    const run = await runExample('code-review.vega.yaml', [...TASK, '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [...FIXED, '// approved in review 2; the first draft had 3 lines', ''].join('\n'),
    );
    expect(run.exitCode).toBe(0);
  });

  it('asks the Reviewer again when its reply is not JSON, and saves the parsed verdict', async () => {
    const report = reportOf(await runExample('code-review.vega.yaml', [...TASK, '--output', 'json']));
    const reviews = report.steps.filter((step) => step.agent === 'Reviewer');
    expect(reviews.map((step) => [step.key, step.reasks ?? 0, (step.calls as unknown[]).length])).toEqual([
      ['step-1/repeat/0/0', 1, 2],
      ['step-1/repeat/1/0', 0, 1],
    ]);
    const fix = report.steps.find((step) => step.description === 'fixes the issues');
    // `review.issues | length` and `| join:'; '` read the parsed JSON.
    expect(fix?.message).toBe(
      'Fix these 2 issues: leading and trailing dashes are kept; accented letters are dropped instead of transliterated',
    );
    // `return` ends the workflow: the `if` around it leaves no record, `output:` is not rendered.
    expect(stepsOf(report).filter((step) => step.kind === 'if')).toEqual([
      { index: 1, key: 'step-1/repeat/0/1', kind: 'if', branch: 'else' },
    ]);
    expect(report.output).not.toContain('not approved');
  });
});

describe('examples/research.vega.yaml', () => {
  const SUMMARY =
    'Four-day weeks kept output steady in national trials and cut sick days. Costs fall for offices but rise for roles that must cover five days. Staggered schedules resolve most objections.';

  it('argues, researches and rates in parallel, then summarises in a sub-workflow', async () => {
    const run = await runExample('research.vega.yaml', ['--workflow', 'research', '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        SUMMARY,
        'For: 8/10 — backed by trial data, though it generalises from office work.',
        'Against: 6/10 — a real constraint, solvable with staggered schedules.',
        '',
      ].join('\n'),
    );
    expect(run.exitCode).toBe(0);
  });

  it('keys branches by position, saves in input order, and overlaps the auto_parallel steps', async () => {
    const db = join(await temporaryFolder(), 'vega.db');
    const report = reportOf(
      await runExample('research.vega.yaml', ['--workflow', 'research', '--output', 'json'], {
        env: { VEGA_STORE: db },
      }),
    );
    const steps = stepsOf(report);
    expect(
      steps.map((step) => [step.key ?? `step-${step.index}`, step.kind, step.agent ?? step.workflow]),
    ).toEqual([
      ['step-0', 'agent', 'Advocate'],
      ['step-1', 'agent', 'Skeptic'],
      ['step-2/parallel/0', 'agent', 'Historian'],
      ['step-2/parallel/1', 'agent', 'Economist'],
      ['step-2', 'parallel', undefined],
      ['step-3/parallel/0', 'agent', 'Analyst'],
      ['step-3/parallel/1', 'agent', 'Analyst'],
      ['step-3', 'parallel', undefined],
      ['step-4/workflow/0', 'agent', 'Summarizer'],
      ['step-4', 'workflow', 'summarise'],
    ]);
    // The sub-workflow got every saved note through `with:`.
    expect(steps.find((step) => step.agent === 'Summarizer')?.message).toBe(
      [
        'Brief me on four-day work weeks from these notes:',
        'Rested teams do the same work in less time, and hiring gets easier.',
        'Customers still expect five days of service, and some roles cannot compress.',
        'Trials in Iceland and the UK kept output steady while sick days fell.',
        'Office costs drop by a fifth; coverage for customer-facing roles costs extra shifts.',
      ].join('\n'),
    );
    // auto_parallel: the Skeptic starts before the Advocate has finished.
    const { events } = await recordsOf(db, report.runId);
    const position = (type: string, agent: string) =>
      events.findIndex(
        (event) => event.type === type && (event.payload as { agent?: string }).agent === agent,
      );
    expect(position('step-started', 'Skeptic')).toBeGreaterThan(-1);
    expect(position('step-started', 'Skeptic')).toBeLessThan(position('step-completed', 'Advocate'));
  });
});

describe('examples/recursive.vega.yaml', () => {
  it('explains three levels deep by calling itself, and returns from inside the deepest `if`', async () => {
    const run = await runExample('recursive.vega.yaml', ['--quiet']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        '1. photosynthesis: Plants use chlorophyll to turn sunlight, water and carbon dioxide into sugar.',
        '2. chlorophyll: Chlorophyll is the green pigment in leaves that absorbs light.',
        '3. pigment: A pigment is a substance that colours things by absorbing some light and reflecting the rest.',
        '',
      ].join('\n'),
    );
    expect(run.exitCode).toBe(0);
  });

  it('nests each call under the step that made it', async () => {
    const report = reportOf(await runExample('recursive.vega.yaml', ['--levels', '2', '--output', 'json']));
    expect(report.output).toBe(
      [
        '1. photosynthesis: Plants use chlorophyll to turn sunlight, water and carbon dioxide into sugar.',
        '2. chlorophyll: Chlorophyll is the green pigment in leaves that absorbs light.',
      ].join('\n'),
    );
    expect(stepsOf(report).map((step) => step.key ?? `step-${step.index}`)).toEqual([
      'step-0',
      'step-1',
      'step-2',
      'step-3/workflow/0',
      'step-3',
    ]);
  });

  it('is stopped by settings.max_depth when the recursion goes deeper', async () => {
    const root = await copyOfExamples();
    const file = join(root, 'examples', 'recursive.vega.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('max_depth: 5', 'max_depth: 1'));
    const run = await runExample('recursive.vega.yaml', [], { cwd: root });
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      'error: workflows nest deeper than settings.max_depth (1): explain → explain → explain',
    );
    expect(run.exitCode).not.toBe(0);
  });
});

describe('examples/batch.vega.yaml', () => {
  const LINES = [
    'French: Le mode sombre est là, et les exports sont deux fois plus rapides.',
    'German: Der Dunkelmodus ist da, und Exporte sind doppelt so schnell.',
    'Spanish: Llegó el modo oscuro, y las exportaciones son el doble de rápidas.',
    'Japanese: ダークモードが登場し、エクスポートが2倍速くなりました。',
    'Klingon: (skipped)',
    'Not published: the site is frozen for a release. The staged page was removed; publish again after the freeze.',
  ];

  it('translates in input order, skips the failing item, compensates, and counts batches across runs', async () => {
    const db = join(await temporaryFolder(), 'vega.db');
    const first = await runExample('batch.vega.yaml', ['--workflow', 'translate', '--quiet'], {
      env: { VEGA_STORE: db },
    });
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe([...LINES, 'batches translated so far: 1', ''].join('\n'));
    expect(first.exitCode).toBe(0);

    // remember/recall keep the count in the store: a second run sees the first.
    const second = await runExample('batch.vega.yaml', ['--workflow', 'translate', '--quiet'], {
      env: { VEGA_STORE: db },
    });
    expect(second.stdout).toBe([...LINES, 'batches translated so far: 2', ''].join('\n'));
    expect(second.exitCode).toBe(0);
  });

  it('records the skipped item, the compensation and the caught failure', async () => {
    const report = reportOf(
      await runExample('batch.vega.yaml', ['--workflow', 'translate', '--output', 'json']),
    );
    const steps = stepsOf(report);
    const translations = steps.filter((step) => step.agent === 'Translator');
    expect(translations.map((step) => step.key)).toEqual([0, 1, 2, 3, 4].map((n) => `step-1/for/${n}/0`));
    // `loop.index` and `loop.length` in the message; the saves come back in input order.
    expect(translations.map((step) => (step.message as string).replace(/: Dark mode.*/, ''))).toEqual(
      ['French', 'German', 'Spanish', 'Japanese', 'Klingon'].map(
        (language, index) => `Item ${index + 1} of 5: translate into ${language}`,
      ),
    );
    expect(translations[4]?.error).toMatchObject({
      message: 'scripted model batch.replies.yaml answered 400 Bad Request: language not supported: Klingon',
    });
    expect(steps.filter((step) => step.kind === 'for').map((step) => step.iterations)).toEqual([5, 5]);
    // The staged page was deleted by the compensation before the failure left the sub-workflow.
    expect(steps.find((step) => step.key === 'step-4/try/0/workflow/0/compensate/0')).toMatchObject({
      agent: 'Publisher',
      message: 'Delete the staged page page-0142.',
      text: 'Deleted page-0142.',
    });
    expect(steps.find((step) => step.kind === 'try')).toMatchObject({
      id: 'publishing',
      caught: true,
      error: { type: 'model_call_failed', step: 'goes live' },
    });
    // `finally` ran after `catch`.
    expect(steps.map((step) => step.kind).slice(-3)).toEqual(['agent', 'remember', 'try']);
  });

  it('skips only the failing item when it is in the middle of the batch', async () => {
    // Calls to one agent from concurrent branches run at once; Klingon's failure fails only its call.
    const run = await runExample('batch.vega.yaml', [
      '--workflow',
      'translate',
      '--languages',
      '["French","Klingon","German","Spanish","Japanese"]',
      '--quiet',
    ]);
    expect(run.stdout.split('\n').slice(0, 5)).toEqual([
      'French: Le mode sombre est là, et les exports sont deux fois plus rapides.',
      'Klingon: (skipped)',
      'German: Der Dunkelmodus ist da, und Exporte sind doppelt so schnell.',
      'Spanish: Llegó el modo oscuro, y las exportaciones son el doble de rápidas.',
      'Japanese: ダークモードが登場し、エクスポートが2倍速くなりました。',
    ]);
    expect(run.exitCode).toBe(0);
  });

  it('saves each translation under a name of its own with a template in `save`', async () => {
    const root = await copyOfExamples();
    const file = join(root, 'examples', 'batch.vega.yaml');
    const text = await readFile(file, 'utf8');
    const marker = '            continue_on_error: true # a failed item gives null and the batch goes on\n';
    expect(text).toContain(marker);
    await writeFile(
      file,
      text
        .replace(marker, `${marker}            save: "text_{{language | lower}}"\n`)
        .replace(
          'batches translated so far:',
          "{{text_german}} / {{text_klingon | default:'-'}} / batches translated so far:",
        ),
    );
    const report = reportOf(
      await runExample('batch.vega.yaml', ['--workflow', 'translate', '--output', 'json'], { cwd: root }),
    );
    expect((report.output as string).split('\n').at(-1)).toBe(
      'Der Dunkelmodus ist da, und Exporte sind doppelt so schnell. / - / batches translated so far: 1',
    );
  });
});

describe('examples/tools.vega.yaml', () => {
  it('reads, counts, writes and appends inside the sandbox, and refuses to leave it or the allowed hosts', async () => {
    const root = await copyOfExamples();
    const sandbox = join(root, 'examples', 'sandbox');
    const db = join(root, 'vega.db');
    const report = reportOf(
      await runExample('tools.vega.yaml', ['--output', 'json'], { cwd: root, env: { VEGA_STORE: db } }),
    );
    expect(report.output).toBe(
      'Wrote summary.md: 3 updates and 2 open TODOs (release notes, quarantining flaky tests).\nLogged it in activity.log.',
    );
    expect(await readFile(join(sandbox, 'summary.md'), 'utf8')).toBe(
      [
        '# Notes summary',
        '',
        '- The export fix is merged and shipped early.',
        '- The flaky login test is still open; flaky tests cost two days.',
        '- Dark mode starts tomorrow.',
        '',
        'Open TODOs (2): release notes; quarantine the flaky tests.',
        '',
      ].join('\n'),
    );
    // The custom file_write tool (list-form params, a default heading).
    expect(await readFile(join(sandbox, 'todos.md'), 'utf8')).toBe(
      '# Open TODOs\n\n- [ ] release notes\n- [ ] quarantine the flaky tests\n',
    );
    expect(await readFile(join(sandbox, 'activity.log'), 'utf8')).toBe(
      'summarised notes/ into summary.md (2 open TODOs)\n',
    );
    await expect(access(join(sandbox, 'notes', 'retro.md'))).resolves.toBeUndefined();

    const { journal } = await recordsOf(db, report.runId);
    const tool = (key: string) => resultOf(journal, `step-0/agent:Clerk/${key}`);
    expect(tool('t1/tool-0')).toEqual({ output: ['notes/retro.md', 'notes/standup.md'], isError: false });
    // The custom file_read tool read notes/retro.md; the custom exec tool and run_command ran.
    expect(tool('t2/tool-1')).toEqual({
      output: await readFile(join(sandbox, 'notes', 'retro.md'), 'utf8'),
      isError: false,
    });
    expect(tool('t3/tool-0')).toMatchObject({
      output: { exit_code: 0, stdout: expect.stringMatching(/^\s*28 notes\/standup\.md\n$/) },
    });
    expect(tool('t3/tool-1')).toEqual({
      output: { exit_code: 0, stdout: 'notes/standup.md:1\nnotes/retro.md:1\n', stderr: '' },
      isError: false,
    });
    // The model saw both refusals as tool errors, and the run went on.
    expect(tool('t4/tool-0')).toEqual({
      output:
        "Tool 'read_file' failed: Path '../tools.vega.yaml' is outside the sandbox: it leads out through `..`.",
      isError: true,
    });
    expect(tool('t4/tool-1')).toEqual({
      output: "Tool 'run_command' failed: Command 'rm' is not allowed; allowed commands: grep.",
      isError: true,
    });
    expect(tool('t4/tool-2')).toEqual({
      output:
        "Tool 'http_get' failed: Request to 'https://paste.example.net/raw/notes' is not allowed; allowed hosts: status.example.com.",
      isError: true,
    });
    expect(tool('t4/tool-3')).toMatchObject({
      isError: true,
      output: expect.stringContaining('is not allowed'),
    });
  });
});

describe('examples/mcp.vega.yaml', () => {
  const DEFINITION = 'An operation that has the same effect whether it runs once or many times.';

  it("answers from the glossary: the MCP server's result is what the model's second turn received", async () => {
    const db = join(await temporaryFolder(), 'vega.db');
    const report = reportOf(
      await runExample('mcp.vega.yaml', ['--output', 'json'], { env: { VEGA_STORE: db } }),
    );
    expect(report.output).toBe(
      'In our glossary, idempotent means an operation that has the same effect whether it runs once or many times — so a retried call cannot do the work twice.',
    );
    const { journal } = await recordsOf(db, report.runId);
    expect(resultOf(journal, 'step-0/agent:Explainer/t1/tool-0')).toEqual({
      output: 'idempotent, journal, supervisor',
      isError: false,
    });
    expect(resultOf(journal, 'step-0/agent:Explainer/t1/tool-1')).toEqual({
      output: DEFINITION,
      isError: false,
    });
    expect((report.output as string).toLowerCase()).toContain(DEFINITION.toLowerCase().replace(/\.$/, ''));
  });

  it('prints the answer alone with --quiet', async () => {
    const run = await runExample('mcp.vega.yaml', ['--quiet']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      'In our glossary, idempotent means an operation that has the same effect whether it runs once or many times — so a retried call cannot do the work twice.\n',
    );
    expect(run.exitCode).toBe(0);
  });
});

describe('examples/support.vega.yaml', () => {
  const ANSWER =
    'Sorry about that! Please clean the panel and leave the lantern in full sun for a day. If it still does not charge, we will replace it free under the two-year warranty — order 8812 is all we need.';
  const FOLLOW_UP = 'Follow-up: We will check in next week to make sure your lantern charges again.';

  it('answers, checks with fresh eyes, and falls back when the follow-up times out', async () => {
    const report = reportOf(await runExample('support.vega.yaml', ['--output', 'json']));
    expect(report.output).toBe(
      [ANSWER, FOLLOW_UP, '— Lumen support (technical; check: OK: it matches the two-year warranty.)'].join(
        '\n',
      ),
    );
    const steps = stepsOf(report);
    expect(steps.map((step) => [step.key ?? `step-${step.index}`, step.agent])).toEqual([
      ['step-0', 'Triage'],
      ['step-1', 'Helper'],
      ['step-2', 'Helper'],
      ['step-3/on_timeout/0', 'Helper'],
      ['step-3', 'Courier'],
    ]);
    expect(steps[4]).toMatchObject({ timedOut: true });
    // settings.models.prices: $3 in and $15 out per million tokens for the scripted stand-in.
    expect(report.cost.usd).toBeCloseTo((1080 * 3 + 74 * 15) / 1e6, 10);
  });

  it('reads SUPPORT_SIGNATURE from the environment, with a default when it is unset', async () => {
    const run = await runExample('support.vega.yaml', ['--quiet'], {
      env: { SUPPORT_SIGNATURE: '— Ana, Lumen support' },
    });
    expect(run.stdout).toBe(
      [
        ANSWER,
        FOLLOW_UP,
        '— Ana, Lumen support (technical; check: OK: it matches the two-year warranty.)',
        '',
      ].join('\n'),
    );
    expect(run.exitCode).toBe(0);
  });

  it('builds the included Helper from its base agent and both knowledge files', async () => {
    const run = await runCli(['show', 'agent', 'Helper', '--file', 'examples/support.vega.yaml'], {
      cwd: REPOSITORY_ROOT,
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('agent Helper  (examples/support/agents.vega.yaml:15:3)');
    expect(run.stdout).toContain('name         Lumen support');
    expect(run.stdout).toContain('You answer customers of Lumen, a solar lantern company.');
    expect(run.stdout).toContain('## Knowledge: knowledge/product.md');
    expect(run.stdout).toContain('## Knowledge: knowledge/warranty.md');
  });
});

describe('examples/release-notes.vega.yaml', () => {
  it('reads the run id, the same one the run report gives', async () => {
    const report = reportOf(await runExample('release-notes.vega.yaml', ['--output', 'json']));
    expect((report.output as { generated: string }).generated).toContain(` · run ${report.runId} · `);
  });

  it("signs with the release manager from the command's environment", async () => {
    const report = reportOf(
      await runExample('release-notes.vega.yaml', ['--output', 'json'], { env: { RELEASE_MANAGER: 'Ana' } }),
    );
    expect(report.output).toMatchObject({ signed: '— Ana' });
  });

  it('computes the notes with every operator, filter and built-in, and prints the output map', async () => {
    const report = reportOf(await runExample('release-notes.vega.yaml', ['--output', 'json']));
    const { generated, ...output } = report.output as Record<string, unknown>;
    expect(output).toEqual({
      title: 'LUMEN 2.4.0 (beta) on web and mobile',
      announcement:
        'Lumen 2.4.0 is here (beta): dark mode and keyboard shortcuts, and exports no longer time out.',
      changes: 'dark mode, exports no longer time out, keyboard shortcuts and a new tutorial',
      counts: '2 features (50%), 1 fix, 1 other; 2 per contributor; even: true',
      details: {
        newest: 'keyboard shortcuts',
        first: 'dark mode',
        branch: 'release/2-4-0',
        major: 2,
        codename_letters: 5,
        rollout_settings: 2,
        reading_seconds: 3.9,
      },
      signed: '— the release team',
    });
    // date, time, now and random: today's values, so only their shape is checked.
    expect(generated).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} · \d{4}-\d{2}-\d{2}T[\d:.]+Z · run [0-9a-f-]{36} · [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    const writer = report.steps.find((step) => step.agent === 'Writer');
    expect(writer?.message).toBe(
      'Announce LUMEN v2.4.0 (beta). New: dark mode, keyboard shortcuts. Fixed: exports no longer time out. Facts: {"features":2,"fixes":1,"big":false}',
    );
  });

  it('skips the Writer when there is nothing new (`if:` on the agent step)', async () => {
    const report = reportOf(
      await runExample('release-notes.vega.yaml', [
        '--release',
        '3.0.0',
        '--changes',
        '["docs: typo"]',
        '--output',
        'json',
      ]),
    );
    expect(report.output).toMatchObject({
      title: 'LUMEN 3.0.0 (beta) on web and mobile',
      announcement: 'No new features in this release.',
      changes: 'typo',
      counts: '0 features (0%), 0 fixes, 1 other; 0.5 per contributor; even: false',
    });
    // The skipped step is recorded, with nothing sent and no cost.
    expect(stepsOf(report).filter((step) => step.kind === 'agent')).toEqual([
      { index: 3, kind: 'agent', agent: 'Writer', message: '', text: '', skipped: true },
    ]);
  });
});

describe('every example workflow', () => {
  const FILES = [
    'hello.vega.yaml',
    'supervision.vega.yaml',
    'refine.vega.yaml',
    'code-review.vega.yaml',
    'research.vega.yaml',
    'recursive.vega.yaml',
    'batch.vega.yaml',
    'tools.vega.yaml',
    'mcp.vega.yaml',
    'support.vega.yaml',
    'release-notes.vega.yaml',
    'support/agents.vega.yaml',
  ];

  it.each(FILES)('%s passes `vega validate` without an error', async (file) => {
    const run = await runCli(['validate', `examples/${file}`], { cwd: REPOSITORY_ROOT });
    expect(run.stdout + run.stderr).not.toMatch(/^error/m);
    expect(run.exitCode).toBe(0);
  });
});
