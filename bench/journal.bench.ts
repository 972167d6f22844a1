import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { z } from 'zod';
import { tool } from '../src/agent/tool.ts';
import { createRuntime, type Runtime } from '../src/create-runtime.ts';
import type { RunOutcome } from '../src/durable/durable-runs.ts';
import type { RunContext } from '../src/durable/run-context.ts';
import type { JournalEntry, RunRecord, Store, StoredEvent } from '../src/spec/store.ts';
import { postgresStore } from '../src/store/postgres-store.ts';
import { sqliteStore } from '../src/store/sqlite-store.ts';
import type { TargetMeasurement } from './harness.ts';
import { quantile } from './traffic-plan.ts';

/** The PostgreSQL the benchmark uses: `VEGA_BENCH_POSTGRES_URL`, else the local test database. */
const POSTGRES_URL = process.env.VEGA_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** The URL as printed: without its password. */
const SHOWN_URL = POSTGRES_URL.replace(/:[^:@/]*@/, ':***@');

/** The targets. */
const EFFECT_TARGET_SQLITE_US = 50;
const RESUME_TARGET_MS = 200;
/** Effects in the run that is resumed: idempotent tool calls, 2 events each, so ≥ 10,000 events with the run's own. */
const RESUME_EFFECTS = 5_000;

interface Sizes {
  /** Raw `startEffect` + `completeEffect` pairs. */
  readonly rawSqlite: number;
  readonly rawPostgres: number;
  /** `ctx.now()` effects in one durable run. */
  readonly runSqlite: number;
  readonly runPostgres: number;
  /** `ctx.now()` runs measured (after one warm-up run); the median run gives the mean per effect. */
  readonly runSamples: number;
  /** `ctx.tool()` runs measured (after one warm-up run). */
  readonly toolSamples: number;
  /** Timed resumes of a crashed 5,000-effect run (after one warm-up resume). */
  readonly resumesSqlite: number;
  readonly resumesPostgres: number;
}

const FULL: Sizes = {
  rawSqlite: 20_000,
  rawPostgres: 1_000,
  runSqlite: 10_000,
  runPostgres: 500,
  runSamples: 3,
  toolSamples: 1,
  resumesSqlite: 7,
  resumesPostgres: 5,
};
const QUICK: Sizes = {
  rawSqlite: 3_000,
  rawPostgres: 200,
  runSqlite: 2_000,
  runPostgres: 200,
  runSamples: 1,
  toolSamples: 1,
  resumesSqlite: 3,
  resumesPostgres: 2,
};

export interface JournalBenchOptions {
  /** Small sizes for smoke tests; the resumed run keeps its 5,000 tool calls (10,002 events). */
  readonly quick?: boolean;
}

/** One figure of the table: a mean (the target's figure), with p50/p99 when per-unit samples exist. */
interface Row {
  readonly name: string;
  readonly count: number;
  readonly unit: 'µs' | 'ms';
  readonly mean: number;
  /** The figure held against the target: the mean per effect, or the median resume. */
  readonly value: number;
  readonly p50?: number;
  readonly p99?: number;
  readonly max?: number;
  readonly targetAtMost?: number;
  readonly note?: string;
}

const fixed = (value: number | undefined, digits = 1): string =>
  value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits);
const thousands = (value: number): string => Math.round(value).toLocaleString('en-US');
const sorted = (values: Iterable<number>): number[] => [...values].sort((a, b) => a - b);
const median = (values: readonly number[]): number => quantile(sorted(values), 0.5);

/** Where a mean comes from: the effects over 1 ms (on SQLite, mostly the WAL checkpoints' fsyncs). */
function slowShare(perEffect: readonly number[], totalUs: number): string {
  const slow = perEffect.filter((us) => us > 1_000);
  const slowUs = slow.reduce((sum, us) => sum + us, 0);
  return (
    `${thousands(slow.length)} of ${thousands(perEffect.length)} effects took over 1 ms, ` +
    `${fixed((100 * slowUs) / totalUs, 0)}% of the time; the mean without them is ` +
    `${fixed((totalUs - slowUs) / (perEffect.length - slow.length))} µs`
  );
}

function printRows(title: string, rows: readonly Row[]): void {
  console.log(`\n${title}`);
  const header = ['measurement', 'N', 'mean', 'p50', 'p99', 'max', 'target', ''];
  const cells = rows.map((row) => [
    row.name,
    thousands(row.count),
    `${fixed(row.mean)} ${row.unit}`,
    fixed(row.p50),
    fixed(row.p99),
    fixed(row.max),
    row.targetAtMost === undefined ? '—' : `≤ ${row.targetAtMost} ${row.unit}`,
    row.targetAtMost === undefined ? 'reported' : row.value <= row.targetAtMost ? '✓ met' : '✗ MISSED',
  ]);
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...cells.map((line) => line[column]!.length)),
  );
  const line = (cell: readonly string[]) =>
    `  ${cell.map((text, column) => (column === 0 || column >= 6 ? text.padEnd(widths[column]!) : text.padStart(widths[column]!))).join('  ')}`.trimEnd();
  console.log(line(header));
  for (const cell of cells) console.log(line(cell));
  for (const row of rows) if (row.note !== undefined) console.log(`  ${row.name}: ${row.note}`);
}

// ---------------------------------------------------------------- stores

interface BenchStore {
  readonly label: 'SQLite' | 'PostgreSQL';
  readonly store: Store;
  /** PostgreSQL: the isolated schema the store's tables are in. */
  readonly schema?: string;
  /** SQLite: the temporary folder the database file is in. */
  readonly directory?: string;
  readonly dispose: () => Promise<void>;
}

async function openSqlite(): Promise<BenchStore> {
  const folder = mkdtempSync(join(tmpdir(), 'vega-journal-bench-'));
  const store = await sqliteStore(join(folder, 'vega.db'));
  return {
    label: 'SQLite',
    directory: folder,
    store,
    dispose: async () => {
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** A store in a schema of its own, dropped on dispose; a string saying why when PostgreSQL cannot be reached. */
async function openPostgres(): Promise<BenchStore | string> {
  const schema = `vega_bench_${randomBytes(6).toString('hex')}`;
  const dropSchema = async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3_000 });
    try {
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  let store: Store;
  try {
    store = await postgresStore(POSTGRES_URL, { schema, connectTimeoutMs: 3_000 });
  } catch (error) {
    await dropSchema().catch(() => undefined);
    return (error as Error).message;
  }
  return {
    label: 'PostgreSQL',
    store,
    schema,
    dispose: async () => {
      await store.close();
      await dropSchema();
    },
  };
}

let runCounter = 0;
const newRunId = (prefix: string) => `${prefix}-${process.pid}-${++runCounter}`;

// ---------------------------------------------------------------- 1a. the raw journal

/** `startEffect` + `completeEffect` per effect, sequentially, each pair timed; µs per effect. */
async function rawJournal(
  store: Store,
  effects: number,
  how: 'two-phase' | 'instant' = 'two-phase',
): Promise<{ mean: number; perEffect: number[] }> {
  const pairs = async (count: number) => {
    const runId = newRunId('raw');
    await store.createRun({ id: runId, kind: 'function', name: 'raw', input: null, createdAt: Date.now() });
    const perEffect = new Array<number>(count);
    const start = performance.now();
    for (let index = 0; index < count; index += 1) {
      const key = `${index + 1}:now`;
      const before = performance.now();
      const effect = { runId, key, kind: 'now', idempotent: true, startedAt: Date.now() };
      if (how === 'instant') await store.recordEffect(effect, Date.now(), Date.now());
      else {
        await store.startEffect(effect);
        await store.completeEffect(runId, key, Date.now(), Date.now());
      }
      perEffect[index] = (performance.now() - before) * 1_000;
    }
    return { mean: ((performance.now() - start) * 1_000) / count, perEffect };
  };
  await pairs(Math.min(1_000, Math.ceil(effects / 4))); // warm-up: JIT, statement caches, pool
  return pairs(effects);
}

/**
 * The floor of this disk: two autocommit writes per effect (an insert, then an update of the same row)
 * with bare `node:sqlite` in WAL mode with `synchronous=NORMAL` on a one-table database — what any
 * two-record journal pays here before a line of Vega runs.
 */
function bareTwoCommits(directory: string, effects: number): number {
  const database = new DatabaseSync(join(directory, 'floor.db'));
  database.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 10000');
  database.exec(
    'CREATE TABLE journal (run TEXT, key TEXT, value TEXT, PRIMARY KEY (run, key)) WITHOUT ROWID',
  );
  const insert = database.prepare('INSERT INTO journal VALUES (?, ?, ?)');
  const update = database.prepare('UPDATE journal SET value = ? WHERE run = ? AND key = ?');
  const start = performance.now();
  for (let index = 0; index < effects; index += 1) {
    insert.run('r', `k${index}`, 'started');
    update.run('{"result":1}', 'r', `k${index}`);
  }
  const mean = ((performance.now() - start) * 1_000) / effects;
  database.close();
  return mean;
}

// ---------------------------------------------------------------- 1b. the effect as a user pays it

/** A run of `n` sequential `ctx.now()` effects that times each one. */
const nowRun =
  (perEffect: number[]) =>
  async (ctx: RunContext, n: number): Promise<number> => {
    for (let index = 0; index < n; index += 1) {
      const before = performance.now();
      await ctx.now();
      perEffect[index] = (performance.now() - before) * 1_000;
    }
    return n;
  };

const echo = tool({
  name: 'echo',
  description: 'Returns its input.',
  input: z.object({ value: z.number() }),
  idempotent: true,
  execute: ({ value }) => value,
});

/** The same with a trivial idempotent tool: adds input validation and the request digest. */
const toolRun =
  (perEffect: number[]) =>
  async (ctx: RunContext, n: number): Promise<number> => {
    for (let index = 0; index < n; index += 1) {
      const before = performance.now();
      await ctx.tool(echo, { value: index });
      perEffect[index] = (performance.now() - before) * 1_000;
    }
    return n;
  };

/**
 * Whole durable runs of `effects` effects: one warm-up run, then `samples` runs; the run with the
 * median wall time gives the mean (run wall time ÷ effects, run start and end included) and its
 * per-effect p50/p99.
 */
async function durableRun(
  runtime: Runtime,
  effects: number,
  samples: number,
  body: (perEffect: number[]) => (ctx: RunContext, n: number) => Promise<number>,
): Promise<{ mean: number; p50: number; p99: number; slow: string }> {
  const once = async (count: number) => {
    const perEffect = new Array<number>(count);
    const start = performance.now();
    await runtime.run(body(perEffect), count, { id: newRunId('run') });
    const wallUs = (performance.now() - start) * 1_000;
    const ordered = sorted(perEffect);
    return {
      mean: wallUs / count,
      p50: quantile(ordered, 0.5),
      p99: quantile(ordered, 0.99),
      slow: slowShare(perEffect, wallUs),
    };
  };
  await once(Math.min(1_000, Math.ceil(effects / 4)));
  const results: { mean: number; p50: number; p99: number; slow: string }[] = [];
  for (let sample = 0; sample < samples; sample += 1) results.push(await once(effects));
  results.sort((a, b) => a.mean - b.mean);
  return results[Math.floor(results.length / 2)]!;
}

// ---------------------------------------------------------------- 2. resume

class Crash extends Error {
  override readonly name = 'BenchCrash';
}

/** {@link RESUME_EFFECTS} sequential idempotent tool calls, then a crash while `crashes.left > 0`. */
function crashingRun(crashes: { left: number }) {
  return async (ctx: RunContext): Promise<number> => {
    let last = 0;
    for (let index = 0; index < RESUME_EFFECTS; index += 1)
      last = Number(await ctx.tool(echo, { value: index }));
    if (crashes.left > 0) {
      crashes.left -= 1;
      throw new Crash('crashed after the last effect');
    }
    return last;
  };
}

/** A crashed run as the store keeps it, to set the same run up on another store. */
interface CrashedRun {
  readonly run: RunRecord;
  readonly journal: JournalEntry[];
  readonly events: StoredEvent[];
}

/** Runs {@link crashingRun} for real: a durable run of 5,000 effects whose function throws at its end. */
async function crashRun(store: Store, runtime: Runtime, crashes: { left: number }): Promise<CrashedRun> {
  const id = newRunId('resume');
  try {
    await runtime.run(crashingRun(crashes), null, { id });
    throw new Error('the run was meant to crash');
  } catch (error) {
    if (!(error instanceof Crash)) throw error;
  }
  const run = await store.getRun(id);
  return { run: run!, journal: await store.listJournal(id), events: await store.listEvents({ runId: id }) };
}

/**
 * The same crashed run on PostgreSQL, written in bulk rather than effect by effect (5,000 effects at a
 * few ms of commit each would take the benchmark's whole time): the run and its events through the
 * store, the journal rows with one `INSERT … SELECT unnest(…)` into the run's schema.
 */
async function copyRun(store: Store, schema: string, from: CrashedRun): Promise<string> {
  const id = newRunId('resume');
  const { run, journal, events } = from;
  await store.createRun({
    id,
    kind: run.kind,
    name: run.name,
    input: run.input,
    createdAt: run.createdAt,
    ...(run.owner === undefined ? {} : { owner: run.owner }),
  });
  for (let index = 0; index < events.length; index += 2_000) {
    await store.appendEvents(
      id,
      events.slice(index, index + 2_000).map((event) => ({
        type: event.type,
        at: event.at,
        payload: event.payload,
        ...(event.processId === undefined ? {} : { processId: event.processId }),
        ...(event.spanId === undefined ? {} : { spanId: event.spanId }),
      })),
    );
  }
  const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "${schema}".journal
         (run_id, key, seq, kind, status, idempotent, request, result, error, started_at, ended_at)
       SELECT $1, t.key, t.seq, t.kind, t.status, t.idempotent, t.request::jsonb, t.result::jsonb, t.error::jsonb,
              t.started_at, t.ended_at
       FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::boolean[], $7::text[], $8::text[],
                   $9::text[], $10::bigint[], $11::bigint[])
         AS t (key, seq, kind, status, idempotent, request, result, error, started_at, ended_at)`,
      [
        id,
        journal.map((entry) => entry.key),
        journal.map((entry) => entry.seq),
        journal.map((entry) => entry.kind),
        journal.map((entry) => entry.status),
        journal.map((entry) => entry.idempotent),
        journal.map((entry) => json(entry.request)),
        journal.map((entry) => json(entry.result)),
        journal.map((entry) => json(entry.error)),
        journal.map((entry) => entry.startedAt),
        journal.map((entry) => entry.endedAt ?? null),
      ],
    );
  } finally {
    await client.end();
  }
  await store.updateRun(id, {
    status: run.status,
    ...(run.error === undefined ? {} : { error: run.error }),
    updatedAt: run.updatedAt,
    ...(run.endedAt === undefined ? {} : { endedAt: run.endedAt }),
  });
  return id;
}

interface ResumeFigures {
  readonly times: number[];
  readonly events: number;
  readonly effects: number;
  /** How the crashed run was set up, and how long it took. */
  readonly built: string;
  readonly listJournalMs: number;
}

/**
 * Resumes of one crashed run of {@link RESUME_EFFECTS} effects: `runtime.resume` wall time, end to
 * end (find the run, load its journal, re-execute the recorded effects, finish). Each resume but the
 * last crashes again after re-executing the recorded effects (so the run is `failed` again and can be
 * resumed once more); the last completes. The first resume warms up and is not counted. On SQLite the
 * run is made by a real durable run (returned, to set the same run up on PostgreSQL); on PostgreSQL it
 * is copied from that one.
 */
async function resumes(
  bench: BenchStore,
  runtime: Runtime,
  count: number,
  template: CrashedRun | undefined,
): Promise<ResumeFigures & { crashed?: CrashedRun }> {
  const { store } = bench;
  const crashes = { left: count + 1 };
  const buildStart = performance.now();
  let id: string;
  let crashed: CrashedRun | undefined;
  let how: string;
  if (bench.schema !== undefined && template !== undefined) {
    crashes.left -= 1; // the copy is failed already
    id = await copyRun(store, bench.schema, template);
    how = 'copied in bulk from the SQLite run';
  } else {
    crashed = await crashRun(store, runtime, crashes);
    id = crashed.run.id;
    how = `a real durable run of ${thousands(RESUME_EFFECTS)} ctx.tool()`;
  }
  const built = `${how}, ${fixed((performance.now() - buildStart) / 1_000, 2)} s`;
  const events = (await store.listEvents({ runId: id })).length;
  const before = performance.now();
  await store.listJournal(id);
  const listJournalMs = performance.now() - before;

  const work = crashingRun(crashes);
  const times: number[] = [];
  let effects = 0;
  for (let index = 0; index <= count; index += 1) {
    const start = performance.now();
    let outcome: RunOutcome<number> | undefined;
    try {
      outcome = await runtime.resume(id, work);
    } catch (error) {
      if (!(error instanceof Crash)) throw error;
    }
    const elapsed = performance.now() - start;
    if (index > 0) times.push(elapsed);
    if (outcome !== undefined) {
      if (outcome.effects.performed !== 0)
        throw new Error(`the resume performed ${outcome.effects.performed} effects`);
      effects = outcome.effects.recorded;
    }
  }
  if (effects !== RESUME_EFFECTS)
    throw new Error(`the last resume answered ${effects} effects from the journal`);
  return { times, events, effects, built, listJournalMs, ...(crashed === undefined ? {} : { crashed }) };
}

// ---------------------------------------------------------------- the benchmark

/**
 * The raw journal again on a second store in the same schema whose sessions commit asynchronously
 * (`-c synchronous_commit=off` in the URL's `options`): what the proposal to match SQLite's
 * synchronous=NORMAL would give. Reported only.
 */
async function asyncCommitRaw(schema: string, effects: number): Promise<Row> {
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema} -c synchronous_commit=off`);
  const store = await postgresStore(url.toString(), { connectTimeoutMs: 3_000 });
  try {
    const raw = await rawJournal(store, effects);
    const ordered = sorted(raw.perEffect);
    return {
      name: '1a PostgreSQL, synchronous_commit=off: start+complete',
      count: effects,
      unit: 'µs',
      mean: raw.mean,
      value: raw.mean,
      p50: quantile(ordered, 0.5),
      p99: quantile(ordered, 0.99),
      max: ordered.at(-1)!,
      note: 'a session setting the store does not make today; shown for comparison',
    };
  } finally {
    await store.close();
  }
}

async function storeFigures(
  bench: BenchStore,
  sizes: Sizes,
  template: CrashedRun | undefined,
): Promise<{ rows: Row[]; crashed?: CrashedRun }> {
  const { label, store } = bench;
  const sqlite = label === 'SQLite';
  const rows: Row[] = [];
  const effectTarget = sqlite ? EFFECT_TARGET_SQLITE_US : undefined;
  const log = (line: string) => console.log(`  ${label}: ${line} …`);

  const rawCount = sqlite ? sizes.rawSqlite : sizes.rawPostgres;
  log(`raw journal, ${thousands(rawCount)} effects`);
  const raw = await rawJournal(store, rawCount);
  const rawSorted = sorted(raw.perEffect);
  log(`raw journal of instant effects (one write), ${thousands(rawCount)} effects`);
  const instant = await rawJournal(store, rawCount, 'instant');
  const instantSorted = sorted(instant.perEffect);
  rows.push({
    name: `1a ${label}: journal of an instant effect (one write)`,
    count: rawCount,
    unit: 'µs',
    mean: instant.mean,
    value: instant.mean,
    p50: quantile(instantSorted, 0.5),
    p99: quantile(instantSorted, 0.99),
    max: instantSorted.at(-1)!,
    ...(effectTarget === undefined ? {} : { targetAtMost: effectTarget }),
    ...(sqlite ? { note: slowShare(instant.perEffect, instant.mean * rawCount) } : {}),
  });
  if (sqlite && bench.directory !== undefined) {
    const floor = bareTwoCommits(bench.directory, rawCount);
    rows.push({
      name: 'floor: bare node:sqlite, two autocommit writes per effect',
      count: rawCount,
      unit: 'µs',
      mean: floor,
      value: floor,
      note: 'what this disk costs any journal with a record before and a record after',
    });
  }
  rows.push({
    name: `1a ${label}: journal start+complete per effect`,
    count: rawCount,
    unit: 'µs',
    mean: raw.mean,
    value: raw.mean,
    p50: quantile(rawSorted, 0.5),
    p99: quantile(rawSorted, 0.99),
    max: rawSorted.at(-1)!,
    ...(effectTarget === undefined ? {} : { targetAtMost: effectTarget }),
    ...(sqlite ? { note: slowShare(raw.perEffect, raw.mean * rawCount) } : {}),
  });
  if (bench.schema !== undefined) {
    log(`raw journal with synchronous_commit=off, ${thousands(rawCount)} effects`);
    rows.push(await asyncCommitRaw(bench.schema, rawCount));
  }

  const runtime = createRuntime({ store, cwd: tmpdir() });
  try {
    const runCount = sqlite ? sizes.runSqlite : sizes.runPostgres;
    log(`${sizes.runSamples} durable run(s) of ${thousands(runCount)} ctx.now() (+1 warm-up)`);
    const now = await durableRun(runtime, runCount, sizes.runSamples, nowRun);
    rows.push({
      name: `1b ${label}: ctx.now() in a durable run, per effect`,
      count: runCount,
      unit: 'µs',
      mean: now.mean,
      value: now.mean,
      p50: now.p50,
      p99: now.p99,
      ...(effectTarget === undefined ? {} : { targetAtMost: effectTarget }),
      ...(sqlite ? { note: now.slow } : {}),
    });
    log(`${sizes.toolSamples} durable run(s) of ${thousands(runCount)} idempotent ctx.tool() (+1 warm-up)`);
    const toolCall = await durableRun(runtime, runCount, sizes.toolSamples, toolRun);
    rows.push({
      name: `1b ${label}: ctx.tool(echo) in a durable run, per effect`,
      count: runCount,
      unit: 'µs',
      mean: toolCall.mean,
      value: toolCall.mean,
      p50: toolCall.p50,
      p99: toolCall.p99,
    });

    const resumeCount = sqlite ? sizes.resumesSqlite : sizes.resumesPostgres;
    log(`${resumeCount} resumes of a crashed run of ${thousands(RESUME_EFFECTS)} effects (+1 warm-up)`);
    const resumed = await resumes(bench, runtime, resumeCount, template);
    const ordered = sorted(resumed.times);
    rows.push({
      name: `2 ${label}: resume a run of ${thousands(resumed.events)} events`,
      count: ordered.length,
      unit: 'ms',
      mean: ordered.reduce((sum, time) => sum + time, 0) / ordered.length,
      value: median(ordered),
      p50: median(ordered),
      max: ordered.at(-1)!,
      targetAtMost: RESUME_TARGET_MS,
      note:
        `${thousands(resumed.events)} events in the run's log before the resume (listEvents), ` +
        `${thousands(resumed.effects)} effects answered from the journal; one listJournal of the run takes ` +
        `${fixed(resumed.listJournalMs)} ms; the crashed run: ${resumed.built}. Held against the target: the median.`,
    });
    return { rows, ...(resumed.crashed === undefined ? {} : { crashed: resumed.crashed }) };
  } finally {
    await runtime.close();
  }
}

/**
 * The journal's cost per effect (raw, and as a durable run pays it) and the time to resume a run of
 * 10,000 events, on a file-backed SQLite store and on PostgreSQL. Misses are printed, not thrown.
 */
export async function journalBench(options: JournalBenchOptions = {}): Promise<TargetMeasurement[]> {
  const quick = options.quick ?? false;
  const sizes = quick ? QUICK : FULL;
  const started = performance.now();
  console.log(
    `\nJournal: effects on a durable run's store (SQLite file in ${tmpdir()}, WAL, synchronous=NORMAL; ` +
      `PostgreSQL ${SHOWN_URL} in a fresh schema)` +
      `${quick ? ' — QUICK RUN: small N, the figures are noisier' : ''}` +
      `\n  load average at the start ${loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')} — other work on the machine skews these figures`,
  );
  const rows: Row[] = [];

  let template: CrashedRun | undefined;
  const sqlite = await openSqlite();
  try {
    const figures = await storeFigures(sqlite, sizes, undefined);
    rows.push(...figures.rows);
    template = figures.crashed;
  } finally {
    await sqlite.dispose();
  }

  const postgres = await openPostgres();
  if (typeof postgres === 'string') {
    console.log(
      `\n⚠️  SKIPPED the PostgreSQL journal benchmark (${SHOWN_URL}): ${postgres} ` +
        'Start PostgreSQL, or set VEGA_BENCH_POSTGRES_URL.',
    );
  } else {
    try {
      rows.push(...(await storeFigures(postgres, sizes, template)).rows);
    } finally {
      await postgres.dispose();
    }
  }

  printRows(
    `Journal targets (${quick ? 'quick run' : 'full run'}; µs per effect, or ms per resume; ${fixed((performance.now() - started) / 1_000)} s in all, ` +
      `load average at the end ${loadavg()[0]!.toFixed(2)})`,
    rows,
  );
  console.log(
    '\n  Definitions:' +
      '\n    1a: store.startEffect + store.completeEffect, sequential, each pair timed (mean = total ÷ N).' +
      "\n    1b: one durable run (runtime.run) of N sequential effects; mean = the run's wall time ÷ N (run start and" +
      '\n        end included: journal + events + run bookkeeping), p50/p99 = each awaited effect as the function sees it;' +
      '\n        the median of the runs after a warm-up run.' +
      '\n    2:  runtime.resume(id, fn) of a run whose function threw after its 5,000th idempotent ctx.tool(): find, load the' +
      '\n        journal, re-execute 5,000 recorded effects, finish. One run, resumed N + 1 times (the first warms up):' +
      '\n        each resume but the last throws again after the 5,000 recorded effects (run failed again: the same' +
      '\n        bookkeeping as completing), the last completes. The run is made by a real durable run on SQLite and' +
      '\n        copied in bulk (same run, journal and events) to PostgreSQL, where making it effect by effect would' +
      '\n        take 5,000 × the 1b figure.',
  );
  const missed = rows.filter((row) => row.targetAtMost !== undefined && row.value > row.targetAtMost);
  if (missed.length > 0) console.log(`  missed: ${missed.map((row) => row.name).join('; ')}`);
  return rows.map((row) => ({
    name: row.name,
    count: row.count,
    value: row.value,
    unit: row.unit,
    target: row.targetAtMost === undefined ? undefined : { bound: 'at-most', value: row.targetAtMost },
  }));
}
