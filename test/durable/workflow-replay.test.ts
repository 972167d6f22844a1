/**
 * `vega replay`: a finished workflow run replays from its journal alone — no request, no tool — and
 * reproduces its output; once the workflow file is edited, the replay names the first step that no
 * longer matches the journal. `vega resume` of a run whose workflow changed fails the same way.
 */
import { copyFile, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { RunRecord } from '../../src/spec/store.ts';
import { sqliteStore } from '../../src/store/sqlite-store.ts';
import type { FixtureReply, FixtureServer, RecordedRequest } from '../../src/testing/index.ts';
import { startFixtureServer } from '../../src/testing/index.ts';
import { fixtureEnvironment, temporaryFolder } from '../integration/trip-scenario.ts';
import { allStepCallKeys, stepCallOf, stepFile, stepReply } from './crash/step-fixture.ts';
import { killLeftovers, startVega } from './crash/vega-process.ts';

const WORKFLOW = fileURLToPath(new URL('./crash/five-steps.vega.yaml', import.meta.url));
const OUTPUT = 'five steps: step 1 done | step 2 done | step 3 done | step 5 done\n';
/** The agent steps' model calls: steps 1, 2, 3 and 5 (step 4 is the `set`). */
const MODEL_CALLS = allStepCallKeys(5).filter((key) => !key.startsWith('step-3/'));
const REPRODUCED =
  /^✓ replayed run \w{8} \(\d+ effects from the journal, no requests, no tools\): the output is the recorded one\.\n$/;

let server: FixtureServer;
let folder: { path: string; remove: () => Promise<void> };
let workflowFile: string;
/** Replaces the reply to a request, for a test that fails a call on purpose. */
let override: ((request: RecordedRequest) => FixtureReply | undefined) | undefined;

beforeAll(async () => {
  server = await startFixtureServer();
});

afterAll(async () => {
  await killLeftovers();
  await server.close();
});

beforeEach(async () => {
  server.reset();
  server.setHandler((request) => override?.(request) ?? stepReply(request));
  override = undefined;
  folder = await temporaryFolder('vega-replay-');
  workflowFile = join(folder.path, 'five.vega.yaml');
  await copyFile(WORKFLOW, workflowFile);
});

afterEach(async () => {
  await folder.remove();
});

/**
 * `vega <argv>` in-process in the test's folder. Online: the fixture server as Anthropic. Offline: no
 * provider variable at all, and a fetch that counts the calls it refuses.
 */
async function vega(argv: readonly string[], options: { readonly offline?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  let fetches = 0;
  const exitCode = await main(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: options.offline === true ? {} : fixtureEnvironment(server),
    cwd: folder.path,
    color: false,
    ...(options.offline === true
      ? {
          fetch: async () => {
            fetches += 1;
            throw new Error('a replay must make no requests');
          },
        }
      : {}),
  });
  return { exitCode, stdout, stderr, fetches };
}

/** The one run in the test's store. */
async function theRun(): Promise<RunRecord> {
  const store = await sqliteStore(join(folder.path, 'vega.db'));
  try {
    const runs = await store.listRuns();
    expect(runs).toHaveLength(1);
    return runs[0]!;
  } finally {
    await store.close();
  }
}

/** Runs the workflow to the end through the fixture server and returns its id. */
async function finishedRun(): Promise<string> {
  const run = await vega(['run', 'five.vega.yaml', '--store', 'vega.db', '-q']);
  expect(run.stderr).toBe('');
  expect(run.exitCode).toBe(0);
  expect(run.stdout).toBe(OUTPUT);
  expect(server.requests.map((request) => stepCallOf(request).key)).toEqual(MODEL_CALLS);
  const record = await theRun();
  expect(record.status).toBe('completed');
  return record.id;
}

async function editWorkflow(from: string, to: string): Promise<void> {
  const text = await readFile(workflowFile, 'utf8');
  expect(text).toContain(from);
  await writeFile(workflowFile, text.replace(from, to));
}

describe('vega replay', () => {
  it('replays a finished run offline: zero requests, no tool, the recorded output', async () => {
    const id = await finishedRun();
    const requests = server.requests.length;
    // Without the files, a tool that ran would show.
    await rm(join(folder.path, 'workspace'), { recursive: true });

    const replay = await vega(['replay', id.slice(0, 8), '--store', 'vega.db'], { offline: true });

    expect(replay.stderr).toBe('');
    expect(replay.stdout).toMatch(REPRODUCED);
    expect(replay.stdout).toContain(`replayed run ${id.slice(0, 8)} (`);
    expect(replay.exitCode).toBe(0);
    expect(replay.fetches).toBe(0);
    expect(server.requests).toHaveLength(requests);
    await expect(stat(join(folder.path, 'workspace'))).rejects.toMatchObject({ code: 'ENOENT' });
    // Replaying wrote nothing: the run is as it was.
    expect(await theRun()).toMatchObject({ id, status: 'completed', output: OUTPUT.trimEnd() });
  });

  it('replays as a child process with an empty environment', async () => {
    const id = await finishedRun();
    const requests = server.requests.length;

    const replay = await startVega(['replay', id, '--store', 'vega.db'], { cwd: folder.path, env: {} })
      .exited;

    expect(replay.stderr).toBe('');
    expect(replay.stdout).toMatch(REPRODUCED);
    expect(replay.code).toBe(0);
    expect(server.requests).toHaveLength(requests);
  });

  it("names step 3 and its effect when step 3's prompt was edited", async () => {
    const id = await finishedRun();
    await editWorkflow('"Step 3: write out/file-3.txt"', '"Step 3: write out/file-3.txt, please"');

    const replay = await vega(['replay', id, '--store', 'vega.db'], { offline: true });

    expect(replay.exitCode).toBe(1);
    expect(replay.fetches).toBe(0);
    expect(replay.stdout).toContain(
      `✗ run ${id.slice(0, 8)} diverges at step 3 (#3 worker): the model-call request differs from the recorded one.\n`,
    );
    expect(replay.stdout).toContain('  effect: step-2/agent:worker/t1/model\n');
    expect(replay.stdout).toContain('"last":"Step 3: write out/file-3.txt"');
    expect(replay.stdout).toContain('"last":"Step 3: write out/file-3.txt, please"');
    expect(server.requests).toHaveLength(MODEL_CALLS.length);
  });

  it('names a later step when its agent was changed', async () => {
    const id = await finishedRun();
    await editWorkflow('- worker: "Step 5:', '- checker: "Step 5:');

    const replay = await vega(['replay', id, '--store', 'vega.db'], { offline: true });

    expect(replay.exitCode).toBe(1);
    expect(replay.stdout).toContain(
      `✗ run ${id.slice(0, 8)} diverges at step 5 (#5 checker): the recorded run has no such effect.\n`,
    );
    expect(replay.stdout).toContain('  effect: step-4/agent:checker/t1/model\n');
    expect(server.requests).toHaveLength(MODEL_CALLS.length);
  });

  it('names the set step when the value it sets was changed', async () => {
    const id = await finishedRun();
    await editWorkflow('set: { label: "five steps" }', 'set: { label: "5 steps" }');

    const replay = await vega(['replay', id, '--store', 'vega.db'], { offline: true });

    expect(replay.exitCode).toBe(1);
    expect(replay.stdout).toContain(
      `✗ run ${id.slice(0, 8)} diverges at step 4 (set): the step's value differs from the recorded one.\n`,
    );
    expect(replay.stdout).toContain('  effect: step-3\n');
    expect(replay.stdout).toContain('  recorded: {"label":"five steps"}\n');
    expect(replay.stdout).toContain('  now:      {"label":"5 steps"}');
  });
});

describe('vega resume of a run whose workflow changed', () => {
  it('fails with a divergence error naming the step, and requests nothing', async () => {
    // Step 5's first call fails for good: the run stops, failed, after steps 1 to 4.
    override = (request) =>
      stepCallOf(request).step === 5
        ? { error: { status: 400, message: 'Fixture: step 5 refused.' } }
        : undefined;
    const run = await vega(['run', 'five.vega.yaml', '--store', 'vega.db', '-q']);
    expect(run.exitCode).toBe(1);
    const failed = await theRun();
    expect(failed.status).toBe('failed');
    override = undefined;
    const requests = server.requests.length;
    await editWorkflow('"Step 3: write out/file-3.txt"', '"Step 3: write out/file-3.txt, please"');

    const resume = await vega(['resume', failed.id, '--store', 'vega.db', '-q']);

    expect(resume.exitCode).toBe(1);
    expect(resume.stdout).toBe('');
    // The step is named as `vega replay` names it, counted from 1, with the journal key beside it.
    expect(resume.stderr).toContain(
      `error: run ${failed.id.slice(0, 8)} diverges from its journal at step 3 (#3 worker): the model-call request differs from the recorded one.\n  effect: step-2/agent:worker/t1/model\n`,
    );
    expect(server.requests).toHaveLength(requests);
    expect(await theRun()).toMatchObject({ status: 'failed', error: { code: 'run_diverged' } });

    // With the workflow as it was, the same run resumes and finishes.
    await copyFile(WORKFLOW, workflowFile);
    const finished = await vega(['resume', failed.id, '--store', 'vega.db', '-q']);
    expect(finished.stderr).toBe('');
    expect(finished.exitCode).toBe(0);
    expect(finished.stdout).toBe(OUTPUT);
    expect(server.requests.slice(requests).map((request) => stepCallOf(request).key)).toEqual([
      'step-4/agent:worker/t1/model',
      'step-4/agent:worker/t2/model',
    ]);
    expect(await readFile(join(folder.path, 'workspace', stepFile(5).path), 'utf8')).toBe(
      stepFile(5).content,
    );
  });
});
