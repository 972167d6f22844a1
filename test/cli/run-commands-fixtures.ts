import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/cli-io.ts';
import { main } from '../../src/cli/main.ts';
import { currentOwner } from '../../src/durable/run-owner.ts';
import type { Store } from '../../src/spec/store.ts';

/** The repository's root, for its examples. */
export const REPO = new URL('../../', import.meta.url).pathname;

/** An in-process CLI's IO with its output captured as it is written. */
export interface CapturedIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
}

/**
 * An IO for `main` or a command, capturing stdout and stderr; `color` off unless asked; an empty
 * environment, so no API key and no `VEGA_STORE` leak in.
 */
export function capturedIo(options: { cwd: string; signal?: AbortSignal; color?: boolean }): CapturedIo {
  let stdout = '';
  let stderr = '';
  return {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: {},
    cwd: options.cwd,
    color: options.color ?? false,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    out: () => stdout,
    err: () => stderr,
  };
}

/** What one in-process `vega` invocation printed and returned. */
export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `vega <argv>` in-process. */
export async function vega(argv: readonly string[], cwd: string, signal?: AbortSignal): Promise<CliResult> {
  const io = capturedIo({ cwd, ...(signal === undefined ? {} : { signal }) });
  const exitCode = await main(argv, io);
  return { exitCode, stdout: io.out(), stderr: io.err() };
}

/** A temporary folder; remove it with `cleanup`. */
export async function temporaryStoreFolder(): Promise<{
  path: string;
  db: string;
  cleanup: () => Promise<void>;
}> {
  const path = await mkdtemp(join(tmpdir(), 'vega-run-commands-'));
  return { path, db: join(path, 'vega.db'), cleanup: () => rm(path, { recursive: true, force: true }) };
}

/** Runs the offline hello example into the store and returns the new run's id. */
export async function runHello(db: string, cwd: string): Promise<string> {
  const run = await vega(
    ['run', join(REPO, 'examples/hello.vega.yaml'), '--store', db, '-q', '-o', 'json'],
    cwd,
  );
  if (run.exitCode !== 0) throw new Error(`vega run failed: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { runId: string }).runId;
}

/** An owner (`host:pid`) on this host whose process has exited: its runs are interrupted. */
export function deadOwner(): string {
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  return `${hostname()}:${pid}`;
}

/** Times the seeded runs use: a fixed past, so that their order and `--since` do not hang on the clock. */
export const T0 = Date.parse('2026-01-10T09:00:00.000Z');

/**
 * A failed function run, ended, with a two-line error and a settled cost of $0.0123.
 *
 * @example
 * await seedFailedRun(store, 'f0000001-failed');
 */
export async function seedFailedRun(store: Store, id: string): Promise<void> {
  await store.createRun({
    id,
    kind: 'function',
    name: 'triage',
    input: { ticket: 7 },
    owner: deadOwner(),
    createdAt: T0,
  });
  await store.appendEvents(id, [
    { type: 'run-started', at: T0 + 10, payload: { kind: 'function', name: 'triage' } },
    {
      type: 'run-failed',
      at: T0 + 2000,
      payload: { error: { name: 'ModelCallError', message: 'the model refused' } },
    },
  ]);
  await store.updateRun(id, {
    status: 'failed',
    error: {
      name: 'ModelCallError',
      code: 'model_call_failed',
      message: 'the model refused\nsecond line of the error',
      details: { hint: 'Check the API key.' },
    },
    costNanoUsd: 12_300_000,
    updatedAt: T0 + 2000,
    endedAt: T0 + 2000,
  });
}

/**
 * A workflow run whose process died in its second step: step 1 finished (one model call, $0.002),
 * step 2 started a model call (idempotent) and a tool call (not idempotent) that never ended.
 *
 * @example
 * await seedInterruptedRun(store, 'i0000001-interrupted');
 */
export async function seedInterruptedRun(store: Store, id: string): Promise<void> {
  const at = T0 + 60_000;
  await store.createRun({
    id,
    kind: 'workflow',
    name: 'greet',
    input: { name: 'Ada' },
    source: { file: '/nowhere/hello.vega.yaml', workflow: 'greet' },
    owner: deadOwner(),
    createdAt: at,
  });
  const model0 = 'step-0/agent:Writer/t1/model';
  const model1 = 'step-1/agent:Editor/t1/model';
  const tool1 = 'step-1/agent:Editor/t1/tool-0';
  await store.startEffect({
    runId: id,
    key: model0,
    kind: 'model-call',
    idempotent: true,
    startedAt: at + 10,
  });
  await store.completeEffect(id, model0, { text: 'Hi Ada', cost: { usd: 0.002 } }, at + 20);
  await store.startEffect({ runId: id, key: 'step-0', kind: 'step', idempotent: true, startedAt: at + 21 });
  await store.completeEffect(id, 'step-0', 'Hi Ada', at + 21);
  await store.startEffect({
    runId: id,
    key: tool1,
    kind: 'tool-call',
    idempotent: false,
    startedAt: at + 30,
  });
  await store.startEffect({
    runId: id,
    key: model1,
    kind: 'model-call',
    idempotent: true,
    startedAt: at + 40,
  });
  await store.appendEvents(id, [
    { type: 'run-started', at, payload: { kind: 'workflow', name: 'greet', owner: 'gone' } },
    {
      type: 'step-started',
      at: at + 1,
      payload: { index: 0, kind: 'agent', agent: 'Writer', description: 'drafts' },
    },
    { type: 'model-call-started', at: at + 10, payload: { key: model0, request: { model: 'scripted/x' } } },
    {
      type: 'model-call-completed',
      at: at + 20,
      payload: { key: model0, durationMs: 10, provider: 'scripted', model: 'x', costUsd: 0.002 },
    },
    {
      type: 'step-completed',
      at: at + 21,
      payload: {
        index: 0,
        kind: 'agent',
        agent: 'Writer',
        description: 'drafts',
        durationMs: 20,
        costUsd: 0.002,
      },
    },
    { type: 'step-started', at: at + 22, payload: { index: 1, kind: 'agent', agent: 'Editor' } },
    { type: 'tool-call-started', at: at + 30, payload: { key: tool1, request: { tool: 'send_mail' } } },
    { type: 'model-call-started', at: at + 40, payload: { key: model1, request: { model: 'scripted/x' } } },
  ]);
}

/** A run this process owns and is still running: `--follow` waits on it. */
export async function seedLiveRun(store: Store, id: string): Promise<void> {
  await store.createRun({
    id,
    kind: 'function',
    name: 'live',
    input: null,
    owner: currentOwner(),
    createdAt: T0 + 120_000,
  });
  await store.appendEvents(id, [
    { type: 'run-started', at: T0 + 120_000, payload: { kind: 'function', name: 'live' } },
  ]);
}
