import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsCommand } from '../../src/cli/events-command.ts';
import { main } from '../../src/cli/main.ts';
import type { Store } from '../../src/spec/store.ts';
import { postgresStore } from '../../src/store/postgres-store.ts';
import { sqliteStore } from '../../src/store/sqlite-store.ts';
import {
  checkPostgres,
  dropSchemas,
  POSTGRES_TEST_URL,
  randomSchema,
} from '../store/postgres-test-database.ts';
import {
  capturedIo,
  runHello,
  seedFailedRun,
  seedInterruptedRun,
  seedLiveRun,
  T0,
  temporaryStoreFolder,
  vega,
} from './run-commands-fixtures.ts';

const FAILED = 'f0000001-failed';
const INTERRUPTED = 'i0000001-interrupted';
const LIVE = 'l0000001-live';

let folder: Awaited<ReturnType<typeof temporaryStoreFolder>>;
let db: string;
let cwd: string;
let hello: string[];

beforeAll(async () => {
  folder = await temporaryStoreFolder();
  db = folder.db;
  cwd = folder.path;
  hello = [await runHello(db, cwd), await runHello(db, cwd)];
  const store = await sqliteStore(db);
  try {
    await seedFailedRun(store, FAILED);
    await seedInterruptedRun(store, INTERRUPTED);
    await seedLiveRun(store, LIVE);
  } finally {
    await store.close();
  }
});

afterAll(() => folder.cleanup());

/** `vega <argv> --store <db>`. */
const cli = (...argv: string[]) => vega([...argv, '--store', db], cwd);
/** The table rows of `vega runs`, without the header. */
const rowsOf = (stdout: string) => stdout.trimEnd().split('\n').slice(1);
/** Reads the store the tests share, and closes it. */
async function withStore<Value>(use: (store: Store) => Promise<Value>): Promise<Value> {
  const store = await sqliteStore(db);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

describe('vega runs', () => {
  it('lists the runs newest first, with state, kind, name, cost and a note', async () => {
    const result = await cli('runs');
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    const [header, ...rows] = result.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+STATUS\s+KIND\s+NAME\s+STARTED\s+DURATION\s+COST$/);
    expect(rows.map((row) => row.split(/\s+/, 2).join(' '))).toEqual([
      `${hello[1]!.slice(0, 8)} completed`,
      `${hello[0]!.slice(0, 8)} completed`,
      'l0000001 running',
      'i0000001 interrupted',
      'f0000001 failed',
    ]);
    expect(rows[0]).toMatch(/ workflow +greet +.* \$0\.00$/);
    expect(rows[3]).toContain('its process is gone: vega resume i0000001');
    expect(rows[4]).toMatch(/ function +triage +2026-01-10 09:00Z +2\.00 s +\$0\.0123 +the model refused$/);
    expect(result.stdout).not.toContain('second line');
  });

  it('filters by status, kind and limit', async () => {
    expect(rowsOf((await cli('runs', '--status', 'failed')).stdout)).toHaveLength(1);
    expect(rowsOf((await cli('runs', '--status', 'failed')).stdout)[0]).toMatch(/^f0000001 {2}failed/);
    const running = rowsOf((await cli('runs', '--status', 'running')).stdout);
    expect(running.map((row) => row.slice(0, 8))).toEqual(['l0000001', 'i0000001']);
    const interrupted = rowsOf((await cli('runs', '--status', 'interrupted')).stdout);
    expect(interrupted.map((row) => row.slice(0, 8))).toEqual(['i0000001']);
    const functions = rowsOf((await cli('runs', '--kind', 'function')).stdout);
    expect(functions.map((row) => row.slice(0, 8))).toEqual(['l0000001', 'f0000001']);
    const limited = await cli('runs', '--limit', '2');
    expect(limited.stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^ID/),
      expect.stringMatching(new RegExp(`^${hello[1]!.slice(0, 8)}`)),
      expect.stringMatching(new RegExp(`^${hello[0]!.slice(0, 8)}`)),
      '(the 2 most recent; there are more: --limit N shows N)',
    ]);
  });

  it('gives JSON summaries: ISO times, dollars, the state beside the stored status', async () => {
    const result = await cli('runs', '-o', 'json');
    expect(result.exitCode).toBe(0);
    const runs = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(runs.map((run) => run.id)).toEqual([hello[1], hello[0], LIVE, INTERRUPTED, FAILED]);
    expect(runs[3]).toMatchObject({
      status: 'running',
      state: 'interrupted',
      kind: 'workflow',
      name: 'greet',
    });
    expect(runs[4]).toEqual({
      id: FAILED,
      kind: 'function',
      name: 'triage',
      status: 'failed',
      state: 'failed',
      owner: expect.any(String),
      createdAt: '2026-01-10T09:00:00.000Z',
      updatedAt: '2026-01-10T09:00:02.000Z',
      endedAt: '2026-01-10T09:00:02.000Z',
      durationMs: 2000,
      costUsd: 0.0123,
      error: expect.objectContaining({ code: 'model_call_failed' }),
    });
    expect(runs[0]).not.toHaveProperty('input');
  });

  it('says where it looked when the store has no runs', async () => {
    const empty = await temporaryStoreFolder();
    try {
      const result = await vega(['runs', '--store', empty.db], empty.path);
      expect(result).toEqual({
        exitCode: 0,
        stdout: `No runs in ${empty.db} yet: 'vega run <file>.vega.yaml' creates one.\n`,
        stderr: '',
      });
      const filtered = await vega(
        ['runs', '--store', empty.db, '--status', 'failed', '--kind', 'workflow'],
        empty.path,
      );
      expect(filtered.stdout).toBe(`No runs with status failed and kind workflow in ${empty.db}.\n`);
      expect(await vega(['runs', '--store', empty.db, '-o', 'json'], empty.path)).toMatchObject({
        stdout: '[]\n',
      });
    } finally {
      await empty.cleanup();
    }
  });

  it('rejects bad options with exit code 2, naming what is allowed', async () => {
    const status = await cli('runs', '--status', 'done');
    expect(status.exitCode).toBe(2);
    expect(status.stderr).toBe(
      "error: '--status' takes running, interrupted, completed, failed or cancelled, not 'done'.\n",
    );
    const limit = await cli('runs', '--limit', '0');
    expect(limit.exitCode).toBe(2);
    expect(limit.stderr).toContain("'--limit' takes a whole number from 1, not '0'");
    expect((await cli('runs', '--limit', '2x')).exitCode).toBe(2);
    const output = await cli('runs', '-o', 'yaml');
    expect(output.exitCode).toBe(2);
    expect(output.stderr).toContain("'--output' takes text or json, not 'yaml'");
  });

  it('colours the state when the terminal takes colour', async () => {
    const io = capturedIo({ cwd, color: true });
    expect(await main(['runs', '--store', db, '--status', 'failed'], io)).toBe(0);
    expect(io.out()).toContain('\u001b[31mfailed\u001b[0m');
  });
});

describe('vega show run', () => {
  it("shows a finished workflow run: header, steps from the event log, the journal's effects", async () => {
    const result = await cli('show', 'run', hello[0]!.slice(0, 6));
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 4)).toEqual([
      `run ${hello[0]}`,
      '  kind     workflow greet',
      '  status   completed',
      expect.stringMatching(/^ {2}source {3}.*examples\/hello\.vega\.yaml \(workflow greet\)$/),
    ]);
    expect(lines).toContain('  input    {}');
    expect(lines).toContain('  output   "Hello, world, welcome!"');
    expect(lines).toContain('  cost     $0.00');
    expect(lines).toContain('steps (2)');
    expect(lines.find((line) => line.includes('#1'))).toMatch(
      /^ {2}✓ #1 Writer drafts the greeting +\d+ ms · \$0\.00 · 1 model call$/,
    );
    expect(lines.find((line) => line.includes('#2'))).toMatch(
      /^ {2}✓ #2 Editor +\d+ ms · \$0\.00 · 1 model call$/,
    );
    expect(lines.slice(-4)).toEqual([
      'effects (4 in the journal: 2 model calls, 0 tool calls)',
      '  model-call  2 completed',
      '  step        2 completed',
      '  every effect that started has ended',
    ]);
  });

  it('gives { run, steps, effects } as JSON', async () => {
    const result = await cli('show', 'run', hello[1]!, '-o', 'json');
    expect(result.exitCode).toBe(0);
    const details = JSON.parse(result.stdout) as {
      run: Record<string, unknown>;
      steps: Record<string, unknown>[];
      effects: Record<string, unknown>;
    };
    expect(Object.keys(details)).toEqual(['run', 'steps', 'effects']);
    expect(details.run).toMatchObject({
      id: hello[1],
      kind: 'workflow',
      name: 'greet',
      status: 'completed',
      state: 'completed',
      input: {},
      output: 'Hello, world, welcome!',
      source: { workflow: 'greet', file: expect.stringMatching(/hello\.vega\.yaml$/) },
      costUsd: 0,
      unpricedCalls: 0,
    });
    expect(details.steps).toEqual([
      expect.objectContaining({
        index: 0,
        kind: 'agent',
        agent: 'Writer',
        description: 'drafts the greeting',
        finished: true,
        modelCalls: 1,
        toolCalls: 0,
        costUsd: 0,
      }),
      expect.objectContaining({ index: 1, kind: 'agent', agent: 'Editor', finished: true, modelCalls: 1 }),
    ]);
    expect(details.effects).toEqual({
      total: 4,
      byKind: {
        'model-call': { started: 0, completed: 2, failed: 0 },
        step: { started: 0, completed: 2, failed: 0 },
      },
      modelCalls: 2,
      toolCalls: 0,
      unfinished: [],
    });
  });

  it('shows an interrupted run: how to resume, the unfinished step, the effects a resume redoes or stops on', async () => {
    const result = await cli('show', 'run', 'i000');
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toContain(
      '  status   interrupted (stored as running; its process is gone) — finish it with: vega resume i0000001',
    );
    expect(lines).toContain('  cost     $0.002 so far');
    expect(lines).toContain('  ✓ #1 Writer drafts           20 ms · $0.002 · 1 model call');
    expect(lines).toContain('  … #2 Editor         did not finish · $0.00 · 1 model call · 1 tool call');
    expect(lines.slice(-7)).toEqual([
      'effects (4 in the journal: 2 model calls, 1 tool call)',
      '  model-call  1 completed, 1 unfinished',
      '  step        1 completed',
      '  tool-call   1 unfinished',
      '  started and never ended (vega resume i0000001 redoes or stops on them):',
      '    #3 tool-call step-1/agent:Editor/t1/tool-0 — not idempotent: a resume stops here, since whether it happened is unknown',
      '    #4 model-call step-1/agent:Editor/t1/model — idempotent: a resume runs it again',
    ]);
    const json = JSON.parse((await cli('show', 'run', INTERRUPTED, '-o', 'json')).stdout) as {
      run: { costUsd: number; state: string };
      effects: { unfinished: { key: string; onResume: string }[] };
    };
    expect(json.run).toMatchObject({ state: 'interrupted', costUsd: 0.002 });
    expect(json.effects.unfinished.map((effect) => [effect.key, effect.onResume])).toEqual([
      ['step-1/agent:Editor/t1/tool-0', 'stop'],
      ['step-1/agent:Editor/t1/model', 'redo'],
    ]);
  });

  it('shows a run still running in this process as running, with its cost so far', async () => {
    const result = await cli('show', 'run', LIVE);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n').slice(0, 3)).toEqual([
      `run ${LIVE}`,
      '  kind     function live',
      '  status   running',
    ]);
    expect(result.stdout).toContain('  input    null\n');
    expect(result.stdout).toContain('  cost     $0.00 so far\n');
    expect(result.stdout).not.toContain('  ended');
  });

  it("shows a failed run's whole error, its hint and its settled cost", async () => {
    const result = await cli('show', 'run', FAILED);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(
      '  error    ModelCallError (model_call_failed): the model refused\n           second line of the error\n  hint     Check the API key.\n  cost     $0.0123\n',
    );
    expect(result.stdout).toContain('  ended    2026-01-10T09:00:02.000Z (2.00 s)\n');
    expect(result.stdout).toContain(
      'steps: none in the event log (a function run records its work as effects)',
    );
    expect(result.stdout).toContain('effects: none in the journal');
  });

  it('says so for an unknown run, and for something other than a run', async () => {
    const unknown = await cli('show', 'run', 'nope');
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toBe(
      `error: No run 'nope' in the store at ${db}.\n  hint: List runs with 'vega runs'; pass --store (or set VEGA_STORE) if the run is in another store.\n`,
    );
    const what = await cli('show', 'runs', FAILED);
    expect(what.exitCode).toBe(2);
    expect(what.stderr).toBe(
      "error: 'vega show' shows a run, an agent or a workflow, not 'runs'.\n" +
        '  hint: Use: vega show run <id>, vega show agent <name> --file FILE or vega show workflow <name> --file FILE\n',
    );
    expect((await cli('show', 'run')).exitCode).toBe(2);
  });
});

describe('vega events', () => {
  it("prints a real run's events in order, one line each", async () => {
    const result = await cli('events', hello[0]!);
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    const stored = await withStore((store) => store.listEvents({ runId: hello[0]! }));
    expect(lines).toHaveLength(stored.length);
    lines.forEach((line, position) => {
      const event = stored[position]!;
      expect(
        line.startsWith(
          `${String(event.seq).padStart(4)}  ${new Date(event.at).toISOString()}  ${event.type}`,
        ),
      ).toBe(true);
    });
    expect(lines[0]).toMatch(/run-started +workflow greet · owner /);
    expect(lines.find((line) => line.includes('model-call-completed'))).toMatch(
      /model-call-completed +step-0\/agent:Writer\/t1\/model · scripted\/hello\.replies\.yaml · 42 in, 16 out · \$0\.00 · \d+ ms$/,
    );
    expect(lines.at(-1)).toMatch(/run-completed +\$0\.00 · 4 effects performed, 0 replayed$/);
  });

  it('filters by --type (repeated, comma-separated, or with *) and by --since', async () => {
    const types = (stdout: string) =>
      stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.split(/\s+/)[3]);
    const steps = await cli(
      'events',
      hello[0]!,
      '--type',
      'step-started,step-completed',
      '--type',
      'run-completed',
    );
    expect(types(steps.stdout)).toEqual([
      'step-started',
      'step-completed',
      'step-started',
      'step-completed',
      'run-completed',
    ]);
    const calls = await cli('events', hello[0]!, '--type', 'model-call-*');
    expect(types(calls.stdout)).toEqual([
      'model-call-started',
      'model-call-completed',
      'model-call-started',
      'model-call-completed',
    ]);
    const since = await cli('events', INTERRUPTED, '--since', new Date(T0 + 60_022).toISOString());
    expect(
      since.stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.trim().split(/\s+/, 1)[0]),
    ).toEqual(['6', '7', '8']);
    expect(since.stdout).toContain('tool-call-started     step-1/agent:Editor/t1/tool-0 · send_mail');
    expect((await cli('events', hello[0]!, '--type', 'no-such-type')).stdout).toBe('');
  });

  it('gives JSON Lines with -o json', async () => {
    const result = await cli('events', INTERRUPTED, '-o', 'json', '--type', 'step-completed');
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      runId: INTERRUPTED,
      seq: 5,
      at: new Date(T0 + 60_021).toISOString(),
      type: 'step-completed',
      payload: {
        index: 0,
        kind: 'agent',
        agent: 'Writer',
        description: 'drafts',
        durationMs: 20,
        costUsd: 0.002,
      },
    });
  });

  it('rejects an unknown run and bad options', async () => {
    const unknown = await cli('events', 'nope');
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain("error: No run 'nope' in the store at");
    const since = await cli('events', FAILED, '--since', 'yesterday');
    expect(since.exitCode).toBe(2);
    expect(since.stderr).toContain(
      "'--since' takes an ISO date-time like 2026-11-21T08:00:00Z, not 'yesterday'.",
    );
    const type = await cli('events', FAILED, '--type', 'step started');
    expect(type.exitCode).toBe(2);
    expect(type.stderr).toContain(
      "'--type' takes event types like step-completed or model-call-*, not 'step started'.",
    );
  });

  it('--follow on a run that has ended prints its log and exits without waiting', async () => {
    const result = await cli('events', hello[1]!, '--follow', '--type', 'run-*');
    expect(result.exitCode).toBe(0);
    expect(
      result.stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.split(/\s+/)[3]),
    ).toEqual(['run-started', 'run-completed']);
  });

  it('--follow prints events appended while it runs, and ends once the run has completed', async () => {
    const id = 'l0000002-followed';
    await withStore((store) => seedLiveRun(store, id));
    const io = capturedIo({ cwd });
    const seen: string[] = [];
    let polls = 0;
    const wait = async (ms: number) => {
      expect(ms).toBe(200);
      polls += 1;
      seen.push(io.out());
      await withStore(async (store) => {
        const at = T0 + 120_000 + polls;
        if (polls === 1)
          await store.appendEvents(id, [{ type: 'step-started', at, payload: { index: 0, kind: 'set' } }]);
        if (polls === 2)
          await store.appendEvents(id, [
            { type: 'step-completed', at, payload: { index: 0, kind: 'set', durationMs: 1 } },
          ]);
        if (polls === 4) {
          await store.updateRun(id, { status: 'completed', output: 1, updatedAt: at, endedAt: at });
          await store.appendEvents(id, [{ type: 'run-completed', at, payload: { costUsd: 0 } }]);
        }
      });
    };
    expect(await eventsCommand(id, { store: db, follow: true, wait }, io)).toBe(0);
    expect(polls).toBe(4);
    const types = (text: string) =>
      text
        .trimEnd()
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(/\s+/)[3]);
    expect(seen.map(types)).toEqual([
      ['run-started'],
      ['run-started', 'step-started'],
      ['run-started', 'step-started', 'step-completed'],
      ['run-started', 'step-started', 'step-completed'],
    ]);
    expect(types(io.out())).toEqual(['run-started', 'step-started', 'step-completed', 'run-completed']);
    expect(io.err()).toBe('');
  });

  it('--follow stops a few quiet polls after a run ended without an end event, and notes an interrupted run', async () => {
    const id = 'i0000002-ends-quietly';
    await withStore(async (store) => {
      await seedInterruptedRun(store, id);
    });
    const io = capturedIo({ cwd });
    let polls = 0;
    const wait = async () => {
      polls += 1;
      if (polls === 2)
        await withStore((store) =>
          store.updateRun(id, { status: 'cancelled', updatedAt: T0 + 70_000, endedAt: T0 + 70_000 }),
        );
    };
    expect(await eventsCommand(id, { store: db, follow: true, wait, output: 'json' }, io)).toBe(0);
    expect(polls).toBe(4);
    expect(
      io
        .out()
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as { seq: number }).seq),
    ).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(io.err()).toBe(
      "note: run i0000002 is interrupted (its process is gone); following it until it is resumed and ends — 'vega resume i0000002' finishes it, Ctrl-C stops following.\n",
    );
  });

  it('--follow stops on Ctrl-C with an AbortError: exit code 130', async () => {
    const controller = new AbortController();
    const io = capturedIo({ cwd, signal: controller.signal });
    let polls = 0;
    const wait = async () => {
      polls += 1;
      if (polls === 2) controller.abort();
    };
    await expect(eventsCommand(LIVE, { store: db, follow: true, wait }, io)).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(polls).toBe(2);
    expect(io.out()).toMatch(/^ {3}1 {2}.* run-started/);

    const aborted = new AbortController();
    aborted.abort();
    const viaMain = await vega(['events', LIVE, '--follow', '--store', db], cwd, aborted.signal);
    expect(viaMain).toEqual({ exitCode: 130, stdout: '', stderr: 'error: interrupted\n' });
  });
});

const postgresReachable = await checkPostgres('the `vega events` PostgreSQL test');

describe.skipIf(!postgresReachable)('vega events on PostgreSQL', () => {
  const schema = randomSchema();
  afterAll(() => dropSchemas([schema]));

  it('prints and filters the events of a run kept in PostgreSQL', async () => {
    const store = await postgresStore(POSTGRES_TEST_URL, { schema });
    try {
      await seedInterruptedRun(store, INTERRUPTED);
    } finally {
      await store.close();
    }
    const url = new URL(POSTGRES_TEST_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const result = await vega(['events', 'i000', '--store', url.toString(), '--type', 'step-*'], cwd);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(
      result.stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.split(/\s+/).slice(1, 4)),
    ).toEqual([
      ['2', new Date(T0 + 60_001).toISOString(), 'step-started'],
      ['5', new Date(T0 + 60_021).toISOString(), 'step-completed'],
      ['6', new Date(T0 + 60_022).toISOString(), 'step-started'],
    ]);
    // The connection string named the schema; nothing went to the default one.
    const client = new pg.Client({ connectionString: POSTGRES_TEST_URL });
    await client.connect();
    try {
      const { rows } = await client.query(
        'select count(*)::int as n from information_schema.tables where table_schema = $1',
        [schema],
      );
      // runs, events, journal, ledger, memory, spans, vega_migrations
      expect(rows[0]).toEqual({ n: 7 });
    } finally {
      await client.end();
    }
  });
});
