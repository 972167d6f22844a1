/**
 * The crash test: a 30-step workflow (60 model calls to the fixture server, 30 `write_file` calls) runs
 * in a child `vega` process that is killed with SIGKILL at 50 random points; after each kill, `vega
 * resume` finishes the run. Across all 50: the output is the one an uninterrupted run gives, the fixture
 * server never receives a request for a model call the journal had completed, and no file is written
 * twice (every file there at the kill keeps its inode and mtime).
 *
 * Kill points come from a seeded PRNG; the seed is in the test's name and in every failure. Set
 * VEGA_CRASH_SEED to run one seed again.
 */
import { randomInt } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { JournalEntry } from '../../src/spec/store.ts';
import { sqliteStore } from '../../src/store/sqlite-store.ts';
import { type FixtureServer, type RecordedRequest, startFixtureServer } from '../../src/testing/index.ts';
import { fixtureEnvironment } from '../integration/trip-scenario.ts';
import { allStepCallKeys, stepCallOf, stepFile, stepReply, thirtyStepsOutput } from './crash/step-fixture.ts';
import { killLeftovers, startVega, type VegaExit, type VegaProcess } from './crash/vega-process.ts';

const WORKFLOW = fileURLToPath(new URL('./crash/thirty-steps.vega.yaml', import.meta.url));
const STEPS = 30;
const MODEL_CALLS = STEPS * 2;
const TRIALS = 50;
const STARTUP_TRIALS = 4;
/** Trials at a time: each is mostly one Node child, and the machine has two cores. */
const CONCURRENCY = 3;
const SEED = Number(process.env.VEGA_CRASH_SEED ?? randomInt(2 ** 31));
/** What `write_file` leaves behind when it is killed between writing its temporary file and renaming it. */
const TEMPORARY_FILE = /\.vega-\d+-[0-9a-f-]+\.tmp$/;

/**
 * Where a trial kills the first process: `during` — on receiving model request k, before answering it;
 * `after` — `delayMs` after answering request k (0: on the next turn of the event loop), so the kill
 * lands in a journal write, a tool call or between steps; `startup` — after `fraction` of the usual time
 * from spawn to the first request (the median of the trials so far), so before any request (a request
 * that comes first is the kill point instead, before it is answered).
 */
interface KillPlan {
  readonly trial: number;
  readonly phase: 'during' | 'after' | 'startup';
  readonly k: number;
  readonly delayMs: number;
  readonly fraction: number;
}

/** What a trial found, for the summary. */
interface TrialReport {
  readonly plan: KillPlan;
  /** `killed`; `finished` when the first process completed the run before the kill; `no-run` when it died before creating the run. */
  readonly landed: 'killed' | 'finished' | 'no-run';
  /** Model requests the first process sent. */
  readonly requestsBeforeKill: number;
  /** Model calls the journal had completed at the kill. */
  readonly completedAtKill: number;
  /** Model calls whose request reached the server but whose result was not journaled: redone on resume. */
  readonly inFlight: number;
  /** Journal entries of any kind started and not ended at the kill. */
  readonly startedAtKill: readonly string[];
  /** Files of the workspace at the kill. */
  readonly filesAtKill: number;
  /** `write_file` temporary files left by the kill. */
  readonly temporaryFiles: readonly string[];
}

interface FileSnapshot {
  readonly ino: number;
  readonly mtimeMs: number;
  readonly content: string;
}

let server: FixtureServer;
let root: string;
/** Per child process, by its API key: what the handler does on each of its requests (after computing the reply). */
const hooks = new Map<string, (request: RecordedRequest) => Promise<void> | void>();
let expectedStdout = '';
/** Milliseconds from spawn to the first request, of every first process so far. */
const firstRequestTimes: number[] = [];

beforeAll(async () => {
  server = await startFixtureServer({
    // The reply is a pure function of the request; a hook may kill the child that sent it first.
    handler: async (request) => {
      const reply = stepReply(request);
      await hooks.get(request.headers['x-api-key'] ?? '')?.(request);
      return reply;
    },
  });
  root = await mkdtemp(join(tmpdir(), 'vega-crash-'));
});

afterAll(async () => {
  await killLeftovers();
  await server?.close();
  if (root !== undefined) await rm(root, { recursive: true, force: true });
});

/** The child's environment: the fixture server as Anthropic, with an API key that names the process. */
function childEnvironment(key: string): Record<string, string> {
  // Node's compile cache: the children load the TypeScript sources about twice as fast.
  return {
    ...fixtureEnvironment(server),
    ANTHROPIC_API_KEY: key,
    NODE_COMPILE_CACHE: join(root, 'compile-cache'),
  };
}

function requestsOf(key: string): RecordedRequest[] {
  return server.requests.filter((request) => request.headers['x-api-key'] === key);
}

/** A fresh trial folder with its own copy of the workflow (its sandbox, `./workspace`, is next to it). */
async function trialFolder(name: string): Promise<string> {
  const folder = join(root, name);
  await mkdir(folder);
  await copyFile(WORKFLOW, join(folder, 'thirty.vega.yaml'));
  return folder;
}

/** Every file under the workspace: path → inode, mtime, content. */
async function snapshotWorkspace(folder: string): Promise<Map<string, FileSnapshot>> {
  const workspace = join(folder, 'workspace');
  const files = new Map<string, FileSnapshot>();
  const entries = await readdir(workspace, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const info = await stat(path);
    files.set(relative(workspace, path), {
      ino: info.ino,
      mtimeMs: info.mtimeMs,
      content: await readFile(path, 'utf8'),
    });
  }
  return files;
}

/** The run in a trial's store and its journal, read with the store closed again after. */
async function readStore(dbPath: string) {
  const exists = await stat(dbPath).then(
    () => true,
    () => false,
  );
  if (!exists) return { run: undefined, journal: [] as JournalEntry[] };
  const store = await sqliteStore(dbPath);
  try {
    const runs = await store.listRuns();
    expect(runs.length, 'runs in the store').toBeLessThanOrEqual(1);
    const run = runs[0];
    return { run, journal: run === undefined ? [] : await store.listJournal(run.id) };
  } finally {
    await store.close();
  }
}

/** `vega replay <id>` in-process, with no provider variables and a fetch that must not be called. */
async function replayInProcess(folder: string, runId: string) {
  let stdout = '';
  let stderr = '';
  let fetches = 0;
  const exitCode = await main(['replay', runId, '--store', 'vega.db'], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: {},
    cwd: folder,
    color: false,
    fetch: async () => {
      fetches += 1;
      throw new Error('a replay must make no requests');
    },
  });
  return { exitCode, stdout, stderr, fetches };
}

/** A small PRNG (mulberry32), so a seed gives the same kill points. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function killPlans(seed: number): KillPlan[] {
  const random = prng(seed);
  // Startup kills in the second half, when the time to the first request is known.
  const startup = new Set<number>();
  while (startup.size < STARTUP_TRIALS) startup.add(TRIALS - 1 - Math.floor(random() * (TRIALS / 2)));
  return Array.from({ length: TRIALS }, (_, trial): KillPlan => {
    if (startup.has(trial))
      return { trial, phase: 'startup', k: 0, delayMs: 0, fraction: 0.7 + random() * 0.35 };
    const phase = random() < 0.5 ? 'during' : 'after';
    const k = 1 + Math.floor(random() * MODEL_CALLS);
    return { trial, phase, k, delayMs: phase === 'after' ? Math.floor(random() * 4) : 0, fraction: 0 };
  });
}

/** The median time from spawn to the first request of the first processes so far. */
function usualFirstRequestMs(): number {
  const sorted = [...firstRequestTimes].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 500;
}

function describePlan(plan: KillPlan): string {
  const where =
    plan.phase === 'startup'
      ? `startup at ${plan.fraction.toFixed(2)} of the time to the first request`
      : `${plan.phase} request ${plan.k}${plan.phase === 'after' ? ` +${plan.delayMs} ms` : ''}`;
  return `trial ${plan.trial} (seed ${SEED}, ${where})`;
}

/** Arms the kill of `vega` process `key` according to `plan`; call it right before the spawn. */
function armKill(plan: KillPlan, key: string, vega: () => VegaProcess): void {
  const spawnedAt = performance.now();
  let received = 0;
  const killNow = () => void vega().kill();
  const timer =
    plan.phase === 'startup'
      ? setTimeout(killNow, Math.round(plan.fraction * usualFirstRequestMs()))
      : undefined;
  hooks.set(key, async () => {
    received += 1;
    if (received === 1) firstRequestTimes.push(performance.now() - spawnedAt);
    if (plan.phase === 'startup') {
      clearTimeout(timer);
      await vega().kill();
      return;
    }
    if (received !== plan.k) return;
    if (plan.phase === 'during') {
      await vega().kill();
      return;
    }
    // The reply is written in the microtasks that follow the handler: these fire after it went out.
    if (plan.delayMs === 0) setImmediate(killNow);
    else setTimeout(killNow, plan.delayMs);
  });
}

async function runTrial(plan: KillPlan, log: string[]): Promise<TrialReport> {
  const folder = await trialFolder(`trial-${plan.trial}`);
  const dbPath = join(folder, 'vega.db');
  const firstKey = `trial-${plan.trial}-run`;
  const secondKey = `trial-${plan.trial}-resume`;
  try {
    let first: VegaProcess | undefined;
    armKill(plan, firstKey, () => first!);
    first = startVega(['run', 'thirty.vega.yaml', '--store', 'vega.db', '-q'], {
      cwd: folder,
      env: childEnvironment(firstKey),
    });
    const firstExit = await first.exited;
    hooks.delete(firstKey);
    log.push(`first process: ${exitText(firstExit)}\n${firstExit.stderr}`);

    const { run, journal } = await readStore(dbPath);
    const atKill = await snapshotWorkspace(folder);
    const before = requestsOf(firstKey).map((request) => stepCallOf(request).key);
    const completed = new Set(
      journal
        .filter((entry) => entry.kind === 'model-call' && entry.status === 'completed')
        .map((entry) => entry.key),
    );
    const started = journal.filter((entry) => entry.status === 'started').map((entry) => entry.key);
    const inFlight = before.filter((key) => !completed.has(key));
    const temporaryFiles = [...atKill.keys()].filter((path) => TEMPORARY_FILE.test(path));

    // The first process sent each request at most once, and only the last may be unanswered in the journal.
    expect(new Set(before).size, 'duplicate requests from the first process').toBe(before.length);
    expect(
      inFlight.length,
      `requests not journaled as completed: ${inFlight.join(', ')}`,
    ).toBeLessThanOrEqual(1);
    // A call whose request went out was journaled as started first.
    for (const key of inFlight) expect(started, 'an in-flight call not journaled as started').toContain(key);

    let landed: TrialReport['landed'] = 'killed';
    let final: VegaExit;
    let runId: string;
    if (firstExit.code === 0 || run?.status === 'completed') {
      // The kill came after the run had finished (a kill `after` the last request): nothing to resume.
      // Killed between recording the run as completed and printing its output, the process printed
      // nothing: the output to check is the one the store recorded (`vega resume` refuses a completed
      // run and points at `vega replay`, checked below).
      landed = 'finished';
      expect(run?.status).toBe('completed');
      runId = run!.id;
      final = firstExit.code === 0 ? firstExit : { ...firstExit, stdout: `${String(run!.output)}\n` };
    } else {
      expect(firstExit.signal, 'the first process was killed').toBe('SIGKILL');
      const second = startVega(
        run === undefined
          ? ['run', 'thirty.vega.yaml', '--store', 'vega.db', '-q']
          : ['resume', run.id, '--store', 'vega.db', '-q'],
        { cwd: folder, env: childEnvironment(secondKey) },
      );
      final = await second.exited;
      log.push(`${run === undefined ? 'second run' : 'resume'}: ${exitText(final)}\n${final.stderr}`);
      if (run === undefined) landed = 'no-run';
      expect(final.code, 'the resume exits 0').toBe(0);
      const after = await readStore(dbPath);
      runId = after.run!.id;
      if (run !== undefined) expect(runId).toBe(run.id);
    }

    // (1) The output of an uninterrupted run.
    expect(final.stdout, 'the final output').toBe(expectedStdout);

    // (2) The resume asked only for what the journal had not completed, each once, and all of it.
    const resumed = requestsOf(secondKey).map((request) => stepCallOf(request).key);
    for (const key of resumed)
      expect(completed.has(key), `a request for completed effect ${key}`).toBe(false);
    expect(resumed, 'the resume requests every call not completed, in order, once').toEqual(
      allStepCallKeys(STEPS).filter((key) => !completed.has(key)),
    );
    // (3) 60 requests in all, plus the one in flight at the kill, if any.
    expect(before.length + resumed.length, 'requests over both processes').toBe(
      MODEL_CALLS + inFlight.length,
    );

    // (4) Every file, with its content; those there at the kill were not written again.
    const end = await snapshotWorkspace(folder);
    const files = [...end.keys()].filter((path) => !TEMPORARY_FILE.test(path)).sort();
    const expectedFiles = Array.from({ length: STEPS }, (_, index) => stepFile(index + 1).path).sort();
    expect(files, 'the workspace files').toEqual(expectedFiles);
    for (let step = 1; step <= STEPS; step += 1) {
      const { path, content } = stepFile(step);
      expect(end.get(path)?.content, `the content of ${path}`).toBe(content);
    }
    for (const [path, file] of atKill) {
      if (TEMPORARY_FILE.test(path)) continue;
      const now = end.get(path);
      expect(
        { path, ino: now?.ino, mtimeMs: now?.mtimeMs, content: now?.content },
        `${path} was written again`,
      ).toEqual({ path, ...file });
    }

    // (5) Completed, with every call journaled once, and a replay reproduces it offline.
    const { run: finished, journal: ended } = await readStore(dbPath);
    expect(finished?.status).toBe('completed');
    expect(
      ended
        .filter((entry) => entry.kind === 'model-call' && entry.status === 'completed')
        .map((entry) => entry.key),
    ).toEqual(allStepCallKeys(STEPS));
    expect(ended.filter((entry) => entry.kind === 'tool-call' && entry.status === 'completed')).toHaveLength(
      STEPS,
    );
    const replay = await replayInProcess(folder, runId);
    log.push(`replay: exit ${replay.exitCode}\n${replay.stdout}${replay.stderr}`);
    expect(replay.exitCode, 'the replay exit code').toBe(0);
    expect(replay.stdout).toMatch(
      /^✓ replayed run \w{8} \(\d+ effects from the journal, no requests, no tools\): the output is the recorded one\.\n$/,
    );
    expect(replay.fetches).toBe(0);
    expect(requestsOf('vega-replay-offline')).toEqual([]);

    return {
      plan,
      landed,
      requestsBeforeKill: before.length,
      completedAtKill: completed.size,
      inFlight: inFlight.length,
      startedAtKill: started,
      filesAtKill: [...atKill.keys()].filter((path) => !TEMPORARY_FILE.test(path)).length,
      temporaryFiles,
    };
  } finally {
    hooks.delete(firstKey);
    await rm(folder, { recursive: true, force: true });
  }
}

function exitText(exit: VegaExit): string {
  return exit.signal === null ? `exit ${exit.code}` : `killed by ${exit.signal}`;
}

/** Runs `work` on every item, `concurrency` at a time. */
async function inPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next]!;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

function summary(reports: readonly TrialReport[]): string {
  const count = (test: (report: TrialReport) => boolean) => reports.filter(test).length;
  const phases = ['during', 'after', 'startup'] as const;
  return [
    `crash test, seed ${SEED}: ${reports.length} trials`,
    phases.map((phase) => `${phase} ${count((report) => report.plan.phase === phase)}`).join(', '),
    `killed ${count((report) => report.landed === 'killed')}, finished before the kill ${count((report) => report.landed === 'finished')}, killed before the run existed ${count((report) => report.landed === 'no-run')}`,
    `startup kills: ${reports
      .filter((report) => report.plan.phase === 'startup')
      .map((report) =>
        report.landed === 'no-run'
          ? 'before the run existed'
          : report.requestsBeforeKill === 0
            ? 'run created, no request'
            : 'at request 1',
      )
      .join(', ')}`,
    `with a model call in flight ${count((report) => report.inFlight > 0)}`,
    `with a journal entry started, not ended ${count((report) => report.startedAtKill.length > 0)} (${[
      ...new Set(
        reports.flatMap((report) => report.startedAtKill.map((key) => key.replace(/^step-\d+/, 'step-N'))),
      ),
    ].join(', ')})`,
    `kill points (requests before the kill): ${reports.map((report) => report.requestsBeforeKill).join(' ')}`,
    `files at the kill: ${reports.map((report) => report.filesAtKill).join(' ')}`,
    `temporary files left by write_file: ${reports.flatMap((report) => report.temporaryFiles).join(', ') || 'none'}`,
  ].join('\n  ');
}

describe('a durable workflow run killed with SIGKILL', () => {
  it(`resumes to the uninterrupted output at ${TRIALS} random kill points, redoing no completed effect (seed ${SEED})`, async () => {
    // The uninterrupted run: the expected output, 60 requests in order, 30 files.
    const folder = await trialFolder('uninterrupted');
    const key = 'uninterrupted';
    const uninterrupted = await startVega(['run', 'thirty.vega.yaml', '--store', 'vega.db', '-q'], {
      cwd: folder,
      env: childEnvironment(key),
    }).exited;
    expect(uninterrupted.stderr).toBe('');
    expect(uninterrupted.code).toBe(0);
    expect(uninterrupted.stdout).toBe(`${thirtyStepsOutput()}\n`);
    expect(requestsOf(key).map((request) => stepCallOf(request).key)).toEqual(allStepCallKeys(STEPS));
    expect([...(await snapshotWorkspace(folder)).keys()].sort()).toEqual(
      Array.from({ length: STEPS }, (_, index) => stepFile(index + 1).path).sort(),
    );
    expectedStdout = uninterrupted.stdout;
    await rm(folder, { recursive: true, force: true });

    const reports: TrialReport[] = [];
    const failures: string[] = [];
    await inPool(killPlans(SEED), CONCURRENCY, async (plan) => {
      const log: string[] = [];
      try {
        reports.push(await runTrial(plan, log));
      } catch (error) {
        failures.push(
          `${describePlan(plan)}: ${error instanceof Error ? error.message : String(error)}\n${log.join('\n')}`,
        );
      }
    });
    reports.sort((a, b) => a.plan.trial - b.plan.trial);
    console.log(summary(reports));
    expect(failures, `${failures.length} of ${TRIALS} trials failed (seed ${SEED})`).toEqual([]);
  }, 300_000);
});
