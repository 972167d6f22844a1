import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { z } from 'zod';
import { tool } from '../src/agent/tool.ts';
import { createRuntime, type Runtime } from '../src/create-runtime.ts';
import type { RunContext } from '../src/durable/run-context.ts';
import type { Store } from '../src/spec/store.ts';
import { postgresStore } from '../src/store/postgres-store.ts';
import { sqliteStore } from '../src/store/sqlite-store.ts';
import type { TargetMeasurement } from './harness.ts';
import { quantile } from './traffic-plan.ts';

/** The PostgreSQL the benchmark uses: `VEGA_BENCH_POSTGRES_URL`, else the local test database. */
const POSTGRES_URL = process.env.VEGA_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The targets. */
const EFFECT_TARGET_SQLITE_US = 50;
const RESUME_TARGET_MS = 200;
/** Effects in the run that is resumed: 2 events each, so ≥ 10,000 events with the run's own. */
const RESUME_EFFECTS = 5_000;

interface Sizes {
  /** Raw `startEffect` + `completeEffect` pairs. */
  readonly rawSqlite: number;
  readonly rawPostgres: number;
  /** `ctx.now()` effects in one durable run. */
  readonly runSqlite: number;
  readonly runPostgres: number;
  /** Durable runs measured (after one warm-up run); the median run gives the mean per effect. */
  readonly runSamples: number;
  /** Timed resumes of a crashed 5,000-effect run (after one warm-up resume). */
  readonly resumesSqlite: number;
  readonly resumesPostgres: number;
}

const FULL: Sizes = {
  rawSqlite: 20_000,
  rawPostgres: 2_000,
  runSqlite: 10_000,
  runPostgres: 2_000,
  runSamples: 3,
  resumesSqlite: 7,
  resumesPostgres: 5,
};
const QUICK: Sizes = {
  rawSqlite: 3_000,
  rawPostgres: 300,
  runSqlite: 2_000,
  runPostgres: 300,
  runSamples: 1,
  resumesSqlite: 3,
  resumesPostgres: 2,
};

export interface JournalBenchOptions {
  /** Small sizes for smoke tests; the resumed run keeps its 5,000 effects (10,000 events). */
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
  const widths = header.map((cell, column) => Math.max(cell.length, ...cells.map((line) => line[column]!.length)));
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
  readonly dispose: () => Promise<void>;
}

async function openSqlite(): Promise<BenchStore> {
  const folder = mkdtempSync(join(tmpdir(), 'vega-journal-bench-'));
  const store = await sqliteStore(join(folder, 'vega.db'));
  return {
    label: 'SQLite',
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
async function rawJournal(store: Store, effects: number): Promise<{ mean: number; perEffect: number[] }> {
  const pairs = async (count: number) => {
    const runId = newRunId('raw');
    await store.createRun({ id: runId, kind: 'function', name: 'raw', input: null, createdAt: Date.now() });
    const perEffect = new Array<number>(count);
    const start = performance.now();
    for (let index = 0; index < count; index += 1) {
      const key = `${index + 1}:now`;
      const before = performance.now();
      await store.startEffect({ runId, key, kind: 'now', idempotent: true, startedAt: Date.now() });
      await store.completeEffect(runId, key, Date.now(), Date.now());
      perEffect[index] = (performance.now() - before) * 1_000;
    }
    return { mean: ((performance.now() - start) * 1_000) / count, perEffect };
  };
  await pairs(Math.min(1_000, Math.ceil(effects / 10))); // warm-up: JIT, statement caches, pool
  return pairs(effects);
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
): Promise<{ mean: number; p50: number; p99: number }> {
  const once = async (count: number) => {
    const perEffect = new Array<number>(count);
    const start = performance.now();
    await runtime.run(body(perEffect), count, { id: newRunId('run') });
    const wallUs = (performance.now() - start) * 1_000;
    const ordered = sorted(perEffect);
    return { mean: wallUs / count, p50: quantile(ordered, 0.5), p99: quantile(ordered, 0.99) };
  };
  await once(Math.min(1_000, effects));
  const results: { mean: number; p50: number; p99: number }[] = [];
  for (let sample = 0; sample < samples; sample += 1) results.push(await once(effects));
  results.sort((a, b) => a.mean - b.mean);
  return results[Math.floor(results.length / 2)]!;
}

// ---------------------------------------------------------------- 2. resume

class Crash extends Error {
  override readonly name = 'BenchCrash';
}

/**
 * `effects` `ctx.now()`s (`concurrency` at a time), then a crash while `crashes.left > 0`. The keys
 * (`1:now` … `5000:now`) do not depend on the concurrency: a run built with several effects in flight
 * resumes with the sequential function.
 */
function crashingRun(effects: number, crashes: { left: number }, concurrency = 1) {
  return async (ctx: RunContext): Promise<number> => {
    let last = 0;
    for (let index = 0; index < effects; index += concurrency) {
      const batch = Math.min(concurrency, effects - index);
      if (batch === 1) last = await ctx.now();
      else last = Math.max(...(await Promise.all(Array.from({ length: batch }, () => ctx.now()))));
    }
    if (crashes.left > 0) {
      crashes.left -= 1;
      throw new Crash('crashed after the last effect');
    }
    return last;
  };
}

interface ResumeFigures {
  readonly times: number[];
  readonly events: number;
  readonly effects: number;
  readonly buildMs: number;
  readonly listJournalMs: number;
  readonly listEventsMs: number;
}

/**
 * Resumes of one crashed run of {@link RESUME_EFFECTS} effects: `runtime.resume` wall time, end to
 * end (find the run, load its journal, re-execute the recorded effects, finish). Each resume but the
 * last crashes again after re-executing the recorded effects (so the run is `failed` again and can be
 * resumed once more); the last completes. The first resume warms up and is not counted.
 */
async function resumes(store: Store, runtime: Runtime, count: number, buildConcurrency: number): Promise<ResumeFigures> {
  const id = newRunId('resume');
  const crashes = { left: count + 1 };
  const buildStart = performance.now();
  try {
    await runtime.run(crashingRun(RESUME_EFFECTS, crashes, buildConcurrency), null, { id });
    throw new Error('the run was meant to crash');
  } catch (error) {
    if (!(error instanceof Crash)) throw error;
  }
  const buildMs = performance.now() - buildStart;
  let before = performance.now();
  const events = (await store.listEvents({ runId: id })).length;
  const listEventsMs = performance.now() - before;
  before = performance.now();
  await store.listJournal(id);
  const listJournalMs = performance.now() - before;

  const work = crashingRun(RESUME_EFFECTS, crashes);
  const times: number[] = [];
  let effects = 0;
  for (let index = 0; index <= count; index += 1) {
    const start = performance.now();
    let outcome: Awaited<ReturnType<typeof runtime.resume<number>>> | undefined;
    try {
      outcome = await runtime.resume(id, work);
    } catch (error) {
      if (!(error instanceof Crash)) throw error;
    }
    const elapsed = performance.now() - start;
    if (index > 0) times.push(elapsed);
    if (outcome !== undefined) {
      if (outcome.effects.performed !== 0) throw new Error(`the resume performed ${outcome.effects.performed} effects`);
      effects = outcome.effects.recorded;
    }
  }
  if (effects !== RESUME_EFFECTS) throw new Error(`the last resume answered ${effects} effects from the journal`);
  return { times, events, effects, buildMs, listJournalMs, listEventsMs };
}

// ---------------------------------------------------------------- the benchmark

async function storeFigures(bench: BenchStore, sizes: Sizes, log: (line: string) => void): Promise<Row[]> {
  const { label, store } = bench;
  const sqlite = label === 'SQLite';
  const rows: Row[] = [];
  const effectTarget = sqlite ? EFFECT_TARGET_SQLITE_US : undefined;

  const rawCount = sqlite ? sizes.rawSqlite : sizes.rawPostgres;
  log(`  ${label}: raw journal, ${thousands(rawCount)} effects …`);
  const raw = await rawJournal(store, rawCount);
  const rawSorted = sorted(raw.perEffect);
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
  });

  const runtime = createRuntime({ store, cwd: tmpdir() });
  try {
    const runCount = sqlite ? sizes.runSqlite : sizes.runPostgres;
    log(`  ${label}: durable runs of ${thousands(runCount)} ctx.now() …`);
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
    });
    log(`  ${label}: durable runs of ${thousands(runCount)} idempotent ctx.tool() …`);
    const toolCall = await durableRun(runtime, runCount, sizes.runSamples, toolRun);
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
    log(`  ${label}: ${resumeCount} resumes of a crashed run of ${thousands(RESUME_EFFECTS)} effects (+1 warm-up) …`);
    const resumed = await resumes(store, runtime, resumeCount, sqlite ? 1 : 10);
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
        `${thousands(resumed.effects)} effects answered from the journal; ` +
        `one listJournal of the run alone takes ${fixed(resumed.listJournalMs)} ms (a resume calls it twice), ` +
        `listEvents ${fixed(resumed.listEventsMs)} ms; building the crashed run took ${fixed(resumed.buildMs / 1_000)} s. ` +
        `The figure held against the target is the median.`,
    });
  } finally {
    await runtime.close();
  }
  return rows;
}

/**
 * The journal's cost per effect (raw, and as a durable run pays it) and the time to resume a run of
 * 10,000 events, on a file-backed SQLite store and on PostgreSQL. Misses are printed, not thrown.
 */
export async function journalBench(options: JournalBenchOptions = {}): Promise<TargetMeasurement[]> {
  const quick = options.quick ?? false;
  const sizes = quick ? QUICK : FULL;
  const log = (line: string) => console.log(line);
  const started = performance.now();
  console.log(
    `\nJournal: effects on a durable run's store (SQLite file in ${tmpdir()}, WAL, synchronous=NORMAL; ` +
      `PostgreSQL ${POSTGRES_URL.replace(/:[^:@/]*@/, ':***@')} in a fresh schema)` +
      `${quick ? ' — QUICK RUN: small N, the figures are noisier' : ''}` +
      `\n  load average at the start ${loadavg().map((load) => load.toFixed(2)).join(' ')} — other work on the machine skews these figures`,
  );
  const rows: Row[] = [];

  const sqlite = await openSqlite();
  try {
    rows.push(...(await storeFigures(sqlite, sizes, log)));
  } finally {
    await sqlite.dispose();
  }

  const postgres = await openPostgres();
  if (typeof postgres === 'string') {
    console.log(
      `\n⚠️  SKIPPED the PostgreSQL journal benchmark: ${POSTGRES_URL} is unreachable (${postgres}). ` +
        'Start it, or set VEGA_BENCH_POSTGRES_URL.',
    );
  } else {
    try {
      rows.push(...(await storeFigures(postgres, sizes, log)));
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
      '\n    2:  runtime.resume(id, fn) of a run whose function threw after its 5,000th ctx.now(): find, load the' +
      '\n        journal, re-execute 5,000 recorded effects, finish. One run, resumed N + 1 times (the first warms up):' +
      '\n        each resume but the last throws again after the 5,000 recorded effects (run failed again: the same' +
      '\n        bookkeeping as completing), the last completes. On PostgreSQL the run is built 10 effects at a time.',
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
