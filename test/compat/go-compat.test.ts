import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteStore } from '../../src/store/sqlite-store.ts';
import { type CliRun, runCli } from '../cli/run-cli.ts';

/**
 * Files written the way the earlier Go implementation documented them (every example of the DSL spec
 * made into a complete file, plus the Go-era short forms) must load without errors and run offline on
 * the scripted model, with the expected output. Each file is in `test/compat/files`; the tests run on a
 * copy in a temporary folder (tools write into its sandbox), through the CLI as a user runs them.
 */
const FILES = fileURLToPath(new URL('./files/', import.meta.url));
/** What the files read from the environment. */
const ENV = { COMPANY: 'Acme', SLACK_WEBHOOK: 'T000/B000' };

let folder = '';
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vega-compat-'));
  await cp(FILES, folder, { recursive: true });
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const vega = (args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> =>
  runCli(args, { cwd: folder, env: { ...ENV, ...env } });

/** `vega run FILE --model scripted:<replies> -q …`: the output, after checking the run succeeded. */
async function runOffline(file: string, replies: string, ...args: string[]): Promise<string> {
  const run = await vega(['run', file, '--model', `scripted:${replies}`, '-q', ...args]);
  expect(run.stderr).toBe('');
  expect(run.exitCode).toBe(0);
  return run.stdout.trimEnd();
}

describe('Go-era workflow files load without errors', () => {
  it.each([
    'code-review.vega.yaml',
    'shorthand.vega.yaml',
    'loops.vega.yaml',
    'memory.vega.yaml',
    'parallel.vega.yaml',
    'try-return.vega.yaml',
    'subworkflow.vega.yaml',
    'compensate.vega.yaml',
    'json-format.vega.yaml',
    'agents-extended.vega.yaml',
    'shared-agents.vega.yaml',
    'tools.vega.yaml',
    'spec-reference.vega.yaml',
  ])('vega validate %s', async (file) => {
    const result = await vega(['validate', file]);
    expect(result.stderr).not.toContain('error');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`✓ ${file}`);
  });
});

describe('Go-era workflow files run offline with the expected output', () => {
  it('code review: typed inputs with defaults, both agent step forms, repeat until/max template, not in, if/else, output map', async () => {
    const output = await runOffline(
      'code-review.vega.yaml',
      'code-review.replies.yaml',
      '--task',
      'a slugifier',
      '--output',
      'json',
    );
    expect(JSON.parse(output)).toMatchObject({
      output: {
        code: 'def slugify(title): return title.lower()  # tested',
        verdict: 'approved on the second review',
        draft: 'def slugify(title): return title.lower()',
      },
    });
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: `${VAR}` is the DSL's environment syntax
  it('shorthand inputs [code, max_attempts], ${VAR:-default} and ${VAR}, chained string filters, default', async () => {
    const output = await runOffline(
      'shorthand.vega.yaml',
      'echo',
      '--workflow',
      'shout',
      '--code',
      ' hello world ',
      '--max_attempts',
      '2',
    );
    expect(output).toBe('HELLO THERE| hell|c-b-a|3|fallback|2|[echo] HELLO THERE');
  });

  it('a workflow with a single input also receives it as `input`', async () => {
    expect(await runOffline('shorthand.vega.yaml', 'echo', '--workflow', 'single', '--topic', 'otters')).toBe(
      '[echo] About otters (otters)',
    );
  });

  it('a missing required shorthand input is a usage error naming it', async () => {
    const run = await vega([
      'run',
      'shorthand.vega.yaml',
      '--workflow',
      'shout',
      '--model',
      'scripted:echo',
      '--code',
      'x',
    ]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('max_attempts');
  });

  it('`- for item in items:` and `for: x in items` with save, loop variables, in / not in on lists, maps and text', async () => {
    expect(await runOffline('loops.vega.yaml', 'echo')).toBe(
      '[echo] 0:RED [echo] 1:GREEN [echo] 2:BLUE! [echo] 0:RED true true true true',
    );
  });

  it('remember and recall keep a value across runs on the same store', async () => {
    const db = join(folder, 'memory.db');
    const first = await runOffline('memory.vega.yaml', 'echo', '--store', db);
    expect(first).toBe('none -> tea');
    expect(await runOffline('memory.vega.yaml', 'echo', '--store', db, '--prefs', 'coffee')).toBe(
      'tea -> coffee',
    );
  });

  it('parallel (list and agent/inputs forms) and for with concurrency keep input order', async () => {
    expect(await runOffline('parallel.vega.yaml', 'echo')).toBe(
      '[echo] Perspective A on tides | [echo] Perspective B on tides | [echo] Analyze doc 1, [echo] Analyze doc 2 | ' +
        '[echo] Read x, [echo] Read y, [echo] Read z',
    );
  });

  it('try/catch/finally, continue_on_error and return from inside a loop', async () => {
    expect(await runOffline('try-return.vega.yaml', 'try-return.replies.yaml')).toBe(
      'caught=true cleaned=true again= at=2',
    );
  });

  it('sub-workflows with `with:` and `save:`, recursive within max_depth', async () => {
    expect(await runOffline('subworkflow.vega.yaml', 'echo', '--workflow', 'main')).toBe(
      '[echo] Review print(1) / 3 2 1 liftoff',
    );
  });

  it('compensations of completed steps run in reverse order when a later step fails', async () => {
    const db = join(folder, 'compensate.db');
    const run = await vega([
      'run',
      'compensate.vega.yaml',
      '--model',
      'scripted:compensate.replies.yaml',
      '-q',
      '--store',
      db,
    ]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('card declined');
    const store = await sqliteStore(db);
    try {
      const [record] = await store.listRuns();
      const keys = (await store.listJournal(record!.id)).map((entry) => entry.key);
      const compensations = keys.filter((key) => /^step-\d\/compensate\/0$/.test(key));
      expect(compensations).toEqual(['step-1/compensate/0', 'step-0/compensate/0']);
    } finally {
      await store.close();
    }
  });

  it('format: json with a schema gives a value the next template computes with', async () => {
    expect(await runOffline('json-format.vega.yaml', 'json-format.replies.yaml')).toBe('42');
  });

  it('include, extends, knowledge, memory and a model alias', async () => {
    expect(await runOffline('agents-extended.vega.yaml', 'echo')).toBe('[echo] Check [echo] Write a line');
  });

  it('built-in file tools write into the sandbox and custom tools (map and list params) run', async () => {
    expect(await runOffline('tools.vega.yaml', 'tools.replies.yaml')).toBe('noted');
    expect(await readFile(join(folder, 'workspace', 'note.txt'), 'utf8')).toBe('first line\nsecond line\n');
  });

  it("the spec's reference agents, tools and settings run with model names without a provider", async () => {
    expect(await runOffline('spec-reference.vega.yaml', 'echo')).toBe('[echo] Built: [echo] Build a parser');
  });

  it("a misspelt agent is reported as the spec's error example shows", async () => {
    const text = (await readFile(join(folder, 'code-review.vega.yaml'), 'utf8')).replace(
      '      - Coder writes the code:',
      '      - Cder writes the code:',
    );
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(folder, 'misspelt.vega.yaml'), text);
    const result = await vega(['validate', 'misspelt.vega.yaml']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("error: unknown agent 'Cder' in workflow 'code-review'");
    expect(result.stderr).toMatch(/--> misspelt\.vega\.yaml:\d+:9/);
    expect(result.stderr).toContain("did you mean 'Coder'?");
  });
});

describe('Go-era observability settings', () => {
  it('settings.tracing traces the run, settings.logging writes its log, and neither warns', async () => {
    const warning = /warning: `settings\.(logging|tracing)` is checked but takes effect in a later version/g;
    const validate = await vega(['validate', 'settings-observability.vega.yaml']);
    expect(validate.exitCode).toBe(0);
    expect(validate.stdout).toContain('✓ settings-observability.vega.yaml');
    expect([...`${validate.stdout}${validate.stderr}`.matchAll(warning)]).toEqual([]);
    const run = await vega(['run', 'settings-observability.vega.yaml', '--model', 'scripted:echo']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout.trimEnd()).toBe('[echo] Log this');
    expect([...run.stderr.matchAll(warning)]).toEqual([]);
    // `tracing: { enabled: true, exporter: jsonl }`: the run's spans in .vega/traces/<run-id>.jsonl.
    const traces = await readdir(join(folder, '.vega', 'traces'));
    expect(traces).toEqual([expect.stringMatching(/\.jsonl$/)]);
    const spans = (await readFile(join(folder, '.vega', 'traces', traces[0]!), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { name: string });
    expect(spans.map((span) => span.name)).toContain('vega.run');
    // `logging: { level: info, file: ./vega.log }`: JSON lines, the run's start and end among them.
    const log = (await readFile(join(folder, 'vega.log'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(log.map((record) => record.msg)).toEqual(expect.arrayContaining(['run started', 'run completed']));
    expect(run.stderr).not.toContain('error');
    // `--quiet` leaves stderr empty, as for any file that validates.
    const quiet = await vega(['run', 'settings-observability.vega.yaml', '--model', 'scripted:echo', '-q']);
    expect(quiet.stderr).toBe('');
    expect(quiet.exitCode).toBe(0);
  });
});
