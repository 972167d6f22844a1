import { describe, expect, it } from 'vitest';
import type { NewRun, RunRecord } from '../../../src/spec/store.ts';
import { type ContractContext, createTestRun, expectStoreError, uniqueId } from './contract-support.ts';

/** Runs: create, read, find by prefix, update, list. */
export function runsContract(context: ContractContext): void {
  describe('runs', () => {
    it('creates a running run with no spend and reads it back as created', async () => {
      const run: NewRun = {
        id: uniqueId(),
        kind: 'workflow',
        name: 'trip',
        input: { city: 'Oslo' },
        createdAt: 42,
      };
      const created = await context.store.createRun(run);
      const expected: RunRecord = { ...run, status: 'running', costNanoUsd: 0, updatedAt: 42 };
      expect(created).toEqual(expected);
      expect(await context.store.getRun(run.id)).toEqual(expected);
    });

    it('keeps every optional field, and leaves out the ones not given', async () => {
      const parentId = await createTestRun(context.store);
      const run: NewRun = {
        id: uniqueId(),
        parentId,
        kind: 'function',
        name: 'child',
        input: [1, 'two', null, { three: true }],
        source: { file: 'flows/trip.yaml', workflow: 'trip' },
        owner: 'host-a:123',
        createdAt: 1_700_000_000_000,
      };
      await context.store.createRun(run);
      expect(await context.store.getRun(run.id)).toEqual({
        ...run,
        status: 'running',
        costNanoUsd: 0,
        updatedAt: run.createdAt,
      });
      const bare = await context.store.getRun(parentId);
      expect(bare).toBeDefined();
      expect(Object.keys(bare!).sort()).toEqual(
        ['costNanoUsd', 'createdAt', 'id', 'input', 'kind', 'name', 'status', 'updatedAt'].sort(),
      );
    });

    it('keeps a null input apart from a missing one', async () => {
      const withNull = await createTestRun(context.store, { input: null });
      const without = await createTestRun(context.store, { input: undefined });
      expect((await context.store.getRun(withNull))?.input).toBeNull();
      expect((await context.store.getRun(without))?.input).toBeUndefined();
    });

    it('rejects a second run with the same id as a conflict, and keeps the first', async () => {
      const id = await createTestRun(context.store, { name: 'first' });
      const error = await expectStoreError(
        context.store.createRun({ id, kind: 'function', name: 'second', input: {}, createdAt: 2 }),
        'store_conflict',
      );
      expect(error.runId).toBe(id);
      expect((await context.store.getRun(id))?.name).toBe('first');
    });

    it('gives undefined for a run nobody created', async () => {
      expect(await context.store.getRun('no-such-run')).toBeUndefined();
    });

    it('updates the fields given and keeps the others', async () => {
      const id = await createTestRun(context.store, { owner: 'host-a:1' });
      await context.store.updateRun(id, { status: 'failed', updatedAt: 2_000 });
      await context.store.updateRun(id, {
        error: { name: 'BudgetExceeded', code: 'budget_exceeded', message: 'over', details: { limitUsd: 1 } },
        costNanoUsd: 1_500_000_000,
        endedAt: 3_000,
        updatedAt: 3_000,
      });
      expect(await context.store.getRun(id)).toMatchObject({
        status: 'failed',
        owner: 'host-a:1',
        error: { name: 'BudgetExceeded', code: 'budget_exceeded', message: 'over', details: { limitUsd: 1 } },
        costNanoUsd: 1_500_000_000,
        createdAt: 1_000,
        updatedAt: 3_000,
        endedAt: 3_000,
      });
      await context.store.updateRun(id, {
        status: 'completed',
        output: { answer: 42 },
        owner: 'host-b:2',
        updatedAt: 4_000,
      });
      expect(await context.store.getRun(id)).toMatchObject({
        status: 'completed',
        output: { answer: 42 },
        owner: 'host-b:2',
        costNanoUsd: 1_500_000_000,
        endedAt: 3_000,
        updatedAt: 4_000,
      });
    });

    it('rejects an update of a run nobody created', async () => {
      await expectStoreError(
        context.store.updateRun('no-such-run', { status: 'failed', updatedAt: 1 }),
        'run_not_found',
      );
    });

    describe('findRun', () => {
      it('finds a run by its whole id, even when it is the start of another id', async () => {
        const id = uniqueId('find');
        await createTestRun(context.store, { id });
        await createTestRun(context.store, { id: `${id}-longer` });
        expect((await context.store.findRun(id))?.id).toBe(id);
      });

      it('finds a run by a unique start of its id', async () => {
        const id = `${uniqueId('unique')}-3f9a1c`;
        await createTestRun(context.store, { id });
        expect((await context.store.findRun(id.slice(0, -4)))?.id).toBe(id);
      });

      it('rejects an ambiguous start, naming the candidates', async () => {
        const prefix = uniqueId('amb');
        await createTestRun(context.store, { id: `${prefix}-a1` });
        await createTestRun(context.store, { id: `${prefix}-b2` });
        const error = await expectStoreError(context.store.findRun(prefix), 'ambiguous_run_id');
        expect(error.message).toContain(`${prefix}-a1`);
        expect(error.message).toContain(`${prefix}-b2`);
        expect(error.candidates).toEqual([`${prefix}-a1`, `${prefix}-b2`]);
      });

      it('matches the start exactly: case, and the characters % and _', async () => {
        const prefix = uniqueId('Case');
        await createTestRun(context.store, { id: `${prefix}-x_y%z` });
        expect(await context.store.findRun(prefix.toLowerCase())).toBeUndefined();
        expect((await context.store.findRun(`${prefix}-x_y%`))?.id).toBe(`${prefix}-x_y%z`);
        expect(await context.store.findRun(`${prefix}-x%`)).toBeUndefined();
        expect(await context.store.findRun(`${prefix}-_`)).toBeUndefined();
      });

      it('gives undefined when nothing matches', async () => {
        expect(await context.store.findRun('zz-nothing-starts-so')).toBeUndefined();
      });
    });

    describe('listRuns', () => {
      it('lists the newest first, ties by id', async () => {
        const b = await createTestRun(context.store, { id: 'b-run', createdAt: 20 });
        const a = await createTestRun(context.store, { id: 'a-run', createdAt: 20 });
        const old = await createTestRun(context.store, { createdAt: 10 });
        const newest = await createTestRun(context.store, { createdAt: 30 });
        expect((await context.store.listRuns()).map((run) => run.id)).toEqual([newest, a, b, old]);
      });

      it('filters by status, kind and parent, and limits', async () => {
        const parent = await createTestRun(context.store, { kind: 'workflow', createdAt: 1 });
        const child1 = await createTestRun(context.store, { parentId: parent, createdAt: 2 });
        const child2 = await createTestRun(context.store, { parentId: parent, createdAt: 3 });
        await context.store.updateRun(child1, { status: 'completed', updatedAt: 4 });
        const ids = (runs: RunRecord[]) => runs.map((run) => run.id);
        expect(ids(await context.store.listRuns({ kind: 'workflow' }))).toEqual([parent]);
        expect(ids(await context.store.listRuns({ parentId: parent }))).toEqual([child2, child1]);
        expect(ids(await context.store.listRuns({ status: 'completed' }))).toEqual([child1]);
        expect(ids(await context.store.listRuns({ status: 'running', kind: 'function' }))).toEqual([child2]);
        expect(ids(await context.store.listRuns({ limit: 2 }))).toEqual([child2, child1]);
      });

      it('lists at most 100 runs unless told otherwise', async () => {
        for (let index = 0; index < 105; index++) await createTestRun(context.store, { createdAt: index });
        const runs = await context.store.listRuns();
        expect(runs).toHaveLength(100);
        expect(runs[0]?.createdAt).toBe(104);
        expect(await context.store.listRuns({ limit: 200 })).toHaveLength(105);
      });
    });
  });
}
