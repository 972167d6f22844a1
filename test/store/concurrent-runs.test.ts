/**
 * Many runs at once lose no events: several processes and in-process writers appending to one SQLite
 * file, and many runs appending at once through a PostgreSQL pool. Every run must end with seqs exactly
 * 1..n and every payload in its place.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/spec/store.ts';
import { postgresStore } from '../../src/store/postgres-store.ts';
import { sqliteStore } from '../../src/store/sqlite-store.ts';
import { checkPostgres, dropSchemas, POSTGRES_TEST_URL, randomSchema } from './postgres-test-database.ts';
import { runChild } from './run-child.ts';

const PROCESSES = 4;
const RUNS_PER_PROCESS = 10;
const EVENTS_PER_RUN = 200;
/** PostgreSQL pays a round trip per append; 50 runs × 100 keeps the pool busy without a slow test. */
const POSTGRES_EVENTS_PER_RUN = 100;
/** A bound on the in-process appends, so a child that never exits cannot make the test write forever. */
const MAX_LOCAL_EVENTS = 1_000;

/** Checks that each run holds exactly seqs 1..events, with the payload `{ run, index: seq - 1 }`. */
async function expectComplete(store: Store, runs: readonly string[], events: number): Promise<void> {
  for (const run of runs) {
    const stored = await store.listEvents({ runId: run });
    expect(stored.map((event) => event.seq)).toEqual(Array.from({ length: events }, (_, index) => index + 1));
    expect(stored.map((event) => event.payload)).toEqual(
      Array.from({ length: events }, (_, index) => ({ run, index })),
    );
  }
}

/** Appends `events` events to every run, one per call, all runs at once; indexes start at `from`. */
async function appendRoundRobin(
  store: Store,
  runs: readonly string[],
  events: number,
  from = 0,
): Promise<void> {
  for (let index = from; index < from + events; index++) {
    await Promise.all(
      runs.map((run) => store.appendEvents(run, [{ type: 'tick', at: index, payload: { run, index } }])),
    );
  }
}

describe('concurrent runs on one SQLite file', () => {
  const directory = mkdtempSync(join(tmpdir(), 'vega-concurrent-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('loses no event when processes and in-process runs append at once', async () => {
    const path = join(directory, 'shared.db');
    const children = Array.from({ length: PROCESSES }, (_, worker) =>
      runChild('append-runs.ts', [path, `worker${worker}`, String(RUNS_PER_PROCESS), String(EVENTS_PER_RUN)]),
    );
    const store = await sqliteStore(path);
    try {
      const local = Array.from({ length: RUNS_PER_PROCESS }, (_, index) => `local-${index}`);
      for (const id of local)
        await store.createRun({ id, kind: 'function', name: 'append', input: {}, createdAt: 1 });
      // Keep appending here while the children run, so the writers surely overlap. SQLite appends
      // resolve without giving the event loop a turn, so yield one (setImmediate) per round to let the
      // children's exits arrive; and stop at a fixed bound whatever happens.
      let childrenDone = false;
      const exits = Promise.all(children).finally(() => {
        childrenDone = true;
      });
      let localEvents = 0;
      while (localEvents < MAX_LOCAL_EVENTS && (!childrenDone || localEvents < EVENTS_PER_RUN)) {
        await appendRoundRobin(store, local, 1, localEvents);
        localEvents += 1;
        await new Promise((resolve) => setImmediate(resolve));
      }
      for (const exit of await exits) expect(exit).toEqual({ code: 0, signal: null, stderr: '' });
      await expectComplete(store, local, localEvents);

      const remote = Array.from(
        { length: PROCESSES * RUNS_PER_PROCESS },
        (_, index) => `worker${Math.floor(index / RUNS_PER_PROCESS)}-${index % RUNS_PER_PROCESS}`,
      );
      await expectComplete(store, remote, EVENTS_PER_RUN);
      expect(await store.listRuns({ limit: 1_000 })).toHaveLength(local.length + remote.length);
    } finally {
      await store.close();
    }
  });
});

const reachable = await checkPostgres('the PostgreSQL concurrent-runs test');
const schemas: string[] = [];
afterAll(() => (reachable ? dropSchemas(schemas) : undefined));

describe.skipIf(!reachable)('concurrent runs on PostgreSQL', () => {
  it('loses no event when 50 runs append at once through a pool', async () => {
    const schema = randomSchema();
    schemas.push(schema);
    const store = await postgresStore(POSTGRES_TEST_URL, { schema, poolSize: 10 });
    try {
      const runs = Array.from({ length: 50 }, (_, index) => `pg-run-${index}`);
      await Promise.all(
        runs.map((id) => store.createRun({ id, kind: 'function', name: 'append', input: {}, createdAt: 1 })),
      );
      await Promise.all(
        runs.map(async (run) => {
          for (let index = 0; index < POSTGRES_EVENTS_PER_RUN; index++) {
            await store.appendEvents(run, [{ type: 'tick', at: index, payload: { run, index } }]);
          }
        }),
      );
      await expectComplete(store, runs, POSTGRES_EVENTS_PER_RUN);
    } finally {
      await store.close();
    }
  });

  it('numbers events of one run appended at once from two stores', async () => {
    const schema = randomSchema();
    schemas.push(schema);
    const stores = [
      await postgresStore(POSTGRES_TEST_URL, { schema, poolSize: 5 }),
      await postgresStore(POSTGRES_TEST_URL, { schema, poolSize: 5 }),
    ] as const;
    try {
      await stores[0].createRun({ id: 'hot', kind: 'function', name: 'append', input: {}, createdAt: 1 });
      const seqs = await Promise.all(
        Array.from({ length: 200 }, (_, index) =>
          stores[index % 2]!.appendEvents('hot', [
            { type: 'tick', at: index, payload: index },
            { type: 'tock', at: index, payload: index },
          ]),
        ),
      );
      for (const pair of seqs) expect(pair[1]).toBe(pair[0]! + 1);
      const stored = await stores[1].listEvents({ runId: 'hot' });
      expect(stored.map((event) => event.seq)).toEqual(Array.from({ length: 400 }, (_, index) => index + 1));
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });
});
