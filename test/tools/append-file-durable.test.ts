/**
 * `append_file` in a durable run, through `vega run` and `vega resume` on SQLite, with the agent on the
 * fixture server as Anthropic: an append the journal holds as completed is not redone on resume, so
 * the file gets the text once; and the tool declares itself not idempotent, so an append that started
 * without a recorded end stops the resume with OutcomeUnknown instead of appending twice.
 */

import { execFileSync } from 'node:child_process';
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { sqliteStore } from '../../src/store/sqlite-store.ts';
import type { FixtureServer } from '../../src/testing/index.ts';
import { startFixtureServer } from '../../src/testing/index.ts';
import { killLeftovers, startVega } from '../durable/crash/vega-process.ts';
import { fixtureEnvironment, temporaryFolder } from '../integration/trip-scenario.ts';

const WORKFLOW = `settings:
  sandbox: workspace
agents:
  Logger:
    model: claude-sonnet-4-5
    system: You keep the log.
    tools: [append_file]
workflows:
  main:
    steps:
      - Logger: "Log the deploy"
        save: done
    output: "{{done}}"
`;

let server: FixtureServer;
let folder: { path: string; remove: () => Promise<void> };
let failSecondTurn = true;

beforeAll(async () => {
  server = await startFixtureServer();
});

afterAll(async () => {
  await server.close();
});

beforeEach(async () => {
  server.reset();
  failSecondTurn = true;
  server.setHandler((request) =>
    JSON.stringify(request.body).includes('tool_result')
      ? failSecondTurn
        ? { error: { status: 400, message: 'Fixture: refused.' } }
        : { text: 'logged', usage: { input: 10, output: 2 } }
      : {
          toolCalls: [{ name: 'append_file', input: { path: 'deploys.log', content: 'deployed v2\n' } }],
          usage: { input: 10, output: 2 },
        },
  );
  folder = await temporaryFolder('vega-append-durable-');
  await mkdir(join(folder.path, 'workspace'));
  await writeFile(join(folder.path, 'team.vega.yaml'), WORKFLOW);
});

afterEach(async () => {
  await folder.remove();
});

async function vega(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const exitCode = await main([...argv, '--store', 'vega.db'], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: fixtureEnvironment(server),
    cwd: folder.path,
    color: false,
  });
  return { exitCode, stdout, stderr };
}

async function onlyRun() {
  const store = await sqliteStore(join(folder.path, 'vega.db'));
  try {
    const runs = await store.listRuns();
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    return { run, journal: await store.listJournal(run.id) };
  } finally {
    await store.close();
  }
}

const log = () => readFile(join(folder.path, 'workspace', 'deploys.log'), 'utf8');

describe('append_file in a durable run', () => {
  it('is not redone on resume once the journal holds it', async () => {
    const failed = await vega('run', 'team.vega.yaml', '-q');
    expect(failed.exitCode).toBe(1);
    expect(await log()).toBe('deployed v2\n');
    const { run, journal } = await onlyRun();
    const append = journal.find((entry) => entry.kind === 'tool-call');
    expect(append).toMatchObject({
      key: 'step-0/agent:Logger/t1/tool-0',
      idempotent: false,
      status: 'completed',
    });

    failSecondTurn = false;
    const before = server.requests.length;
    const resumed = await vega('resume', run.id, '-q');
    expect(resumed.stderr).toBe('');
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stdout).toBe('logged\n');
    expect(await log()).toBe('deployed v2\n');
    // Only the failed turn was asked again: the first turn and the append came from the journal.
    expect(server.requests.length - before).toBe(1);
  });

  it('stops the resume with OutcomeUnknown when the process died during the append', async () => {
    // The log is a named pipe nobody reads: the append blocks once the pipe's buffer is full, so the
    // process is killed exactly between the start of the append and its journal record.
    const pipe = join(folder.path, 'workspace', 'deploys.log');
    execFileSync('mkfifo', [pipe]);
    const big = 'x'.repeat(256 * 1024);
    server.setHandler((request) =>
      JSON.stringify(request.body).includes('tool_result')
        ? { text: 'logged', usage: { input: 10, output: 2 } }
        : {
            toolCalls: [{ name: 'append_file', input: { path: 'deploys.log', content: big } }],
            usage: { input: 10, output: 2 },
          },
    );
    const child = startVega(['run', 'team.vega.yaml', '--store', 'vega.db', '-q'], {
      cwd: folder.path,
      env: { ...fixtureEnvironment(server), PATH: process.env.PATH ?? '' },
    });
    try {
      // Opening the reading end returns once the append has opened the writing end.
      const reader = await open(pipe, 'r');
      const exit = await child.kill();
      expect(exit.signal).toBe('SIGKILL');
      await reader.close();
    } finally {
      await killLeftovers();
    }
    await rm(pipe);
    await writeFile(pipe, 'what the killed append left\n');
    const { run, journal } = await onlyRun();
    expect(journal.find((entry) => entry.kind === 'tool-call')).toMatchObject({
      key: 'step-0/agent:Logger/t1/tool-0',
      status: 'started',
    });

    const resumed = await vega('resume', run.id, '-q');
    expect(resumed.exitCode).toBe(1);
    expect(resumed.stderr).toContain(
      "the tool-call 'step-0/agent:Logger/t1/tool-0' started before the interruption and did not record an end, and it is not idempotent",
    );
    expect(await log()).toBe('what the killed append left\n');
  });
});
