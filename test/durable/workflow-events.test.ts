import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteStore } from '../../src/store/sqlite-store.ts';
import { runCli } from '../cli/run-cli.ts';

const HELLO = fileURLToPath(new URL('../../examples/hello.vega.yaml', import.meta.url));
let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vega-events-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("a workflow run's event log", () => {
  it('has the run, its steps, its processes and its model calls in order, each call under its agent’s process', async () => {
    const db = join(folder, 'vega.db');
    const { exitCode } = await runCli(['run', HELLO, '--store', db, '-q'], { cwd: folder });
    expect(exitCode).toBe(0);
    const store = await sqliteStore(db);
    try {
      const [run] = await store.listRuns();
      const events = await store.listEvents({ runId: run!.id });
      const types = events.map((event) => event.type);
      // The workflow's supervisor and its two agents start (while the first step is announced, in an
      // order that depends on the event loop) before the first model call.
      expect(types.filter((type) => type !== 'process-spawn')).toEqual([
        'run-started',
        'step-started',
        'model-call-started',
        'model-call-completed',
        'step-completed',
        'step-started',
        'model-call-started',
        'model-call-completed',
        'step-completed',
        'run-completed',
      ]);
      expect(types.lastIndexOf('process-spawn')).toBeLessThan(types.indexOf('model-call-started'));
      expect(types.filter((type) => type === 'process-spawn')).toHaveLength(3);
      const pidOf = (name: string) =>
        events.find((event) => (event.payload as { name?: string }).name === name)?.processId;
      const calls = events.filter((event) => event.type.startsWith('model-call-'));
      expect(calls.map((event) => event.processId)).toEqual([
        pidOf('agent:Writer'),
        pidOf('agent:Writer'),
        pidOf('agent:Editor'),
        pidOf('agent:Editor'),
      ]);
      expect(pidOf('agent:Writer')).toMatch(/^\d+$/);
      expect(calls[1]?.payload).toMatchObject({
        key: 'step-0/agent:Writer/t1/model',
        provider: 'scripted',
        usage: { inputTokens: 42, outputTokens: 16 },
        costUsd: 0,
      });
      // Queryable by type and time across runs.
      const completed = await store.listEvents({ types: ['model-call-completed'], since: run!.createdAt });
      expect(completed).toHaveLength(2);
    } finally {
      await store.close();
    }
  });
});
