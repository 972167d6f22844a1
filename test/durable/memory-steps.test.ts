import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/spec/store.ts';
import { sqliteStore } from '../../src/store/sqlite-store.ts';
import { runCli, temporaryFolder } from '../cli/run-cli.ts';

/** Two workflows sharing the store's memory: one remembers a user's preferences, one recalls them. */
const TEAM = `settings:
  default_model: scripted:echo
agents:
  Writer: { system: You greet people. }
workflows:
  save-prefs:
    inputs:
      user: { type: string }
      tone: { type: string }
    steps:
      - remember: { key: "prefs_{{user}}", value: { tone: "{{tone}}" } }
  greet:
    inputs:
      user: { type: string }
    steps:
      - recall: { key: "prefs_{{user}}", save: prefs, default: { tone: plain } }
      - Writer: "Greet {{user}} in a {{prefs.tone}} tone"
        save: greeting
    output: { tone: "{{prefs.tone}}", greeting: "{{greeting}}" }
`;

let folder: Awaited<ReturnType<typeof temporaryFolder>>;
let db: string;
let file: string;

beforeAll(async () => {
  folder = await temporaryFolder({ 'team.vega.yaml': TEAM });
  db = join(folder.path, 'vega.db');
  file = join(folder.path, 'team.vega.yaml');
});

afterAll(() => folder.cleanup());

/** `vega <argv> --store <db>` in-process. */
const vega = (...argv: string[]) => runCli([...argv, '--store', db], { cwd: folder.path });

/** `vega run` of one workflow of the team, as JSON; fails the test when the run fails. */
async function run(workflow: string, ...inputs: string[]): Promise<{ runId: string; output: unknown }> {
  const result = await vega('run', file, '-w', workflow, '-q', '-o', 'json', ...inputs);
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  return JSON.parse(result.stdout) as { runId: string; output: unknown };
}

async function withStore<Value>(use: (store: Store) => Promise<Value>): Promise<Value> {
  const store = await sqliteStore(db);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

describe('remember and recall through `vega run`, on the store', () => {
  it('gives the default for a key no run remembered', async () => {
    const { output } = await run('greet', '--user', 'bob');
    expect(output).toEqual({ tone: 'plain', greeting: '[echo] Greet bob in a plain tone' });
  });

  it('recalls in one run what an earlier run remembered, in the global memory', async () => {
    expect((await run('save-prefs', '--user', 'ada', '--tone', 'warm')).output).toEqual({ tone: 'warm' });
    expect(await withStore((store) => store.getMemory({ kind: 'global', id: '' }, 'prefs_ada'))).toEqual({
      tone: 'warm',
    });
    const { output } = await run('greet', '--user', 'ada');
    expect(output).toEqual({ tone: 'warm', greeting: '[echo] Greet ada in a warm tone' });
  });

  it('replays a recalling run with the recorded value after the memory has changed', async () => {
    const recalling = await run('greet', '--user', 'cy');
    const earlier = await run('save-prefs', '--user', 'cy', '--tone', 'warm');
    const remembering = await run('save-prefs', '--user', 'cy', '--tone', 'blunt');
    expect((await run('greet', '--user', 'cy')).output).toMatchObject({ tone: 'blunt' });

    const journal = await withStore((store) => store.listJournal(recalling.runId));
    expect(journal.find((entry) => entry.key === 'step-0/recall')).toMatchObject({
      kind: 'memory-read',
      status: 'completed',
      request: { key: 'prefs_cy' },
      result: { found: false },
    });
    const writes = await withStore((store) => store.listJournal(remembering.runId));
    expect(writes.find((entry) => entry.key === 'step-0/remember')).toMatchObject({
      kind: 'memory-write',
      status: 'completed',
      request: { key: 'prefs_cy', digest: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });

    const replay = await vega('replay', recalling.runId, '-o', 'json');
    expect(replay.stderr).toBe('');
    expect(replay.exitCode).toBe(0);
    expect(JSON.parse(replay.stdout)).toMatchObject({
      reproduced: true,
      output: { tone: 'plain', greeting: '[echo] Greet cy in a plain tone' },
    });
    expect((await vega('replay', earlier.runId)).stdout).toContain('✓ replayed run');
    // Replaying the earlier write wrote nothing: the memory still holds what the last run kept.
    expect(await withStore((store) => store.getMemory({ kind: 'global', id: '' }, 'prefs_cy'))).toEqual({
      tone: 'blunt',
    });
  });
});
