import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../../src/spec/store.ts';
import {
  asJson,
  type ContractContext,
  createTestRun,
  expectStoreError,
  storableJson,
} from './contract-support.ts';

const event = (type: string, at: number, payload: unknown = {}): NewEvent => ({ type, at, payload });

/** The event log: sequence numbers, filters, order, and appends from many writers at once. */
export function eventsContract(context: ContractContext): void {
  describe('events', () => {
    it('numbers appends 1, 2, 3, … per run, continuing after the last', async () => {
      const run = await createTestRun(context.store);
      const other = await createTestRun(context.store);
      expect(await context.store.appendEvents(run, [event('run-started', 1)])).toEqual([1]);
      expect(await context.store.appendEvents(other, [event('run-started', 1)])).toEqual([1]);
      expect(
        await context.store.appendEvents(run, [event('step-started', 2), event('step-ended', 3)]),
      ).toEqual([2, 3]);
      expect(await context.store.appendEvents(run, [])).toEqual([]);
      expect(await context.store.appendEvents(run, [event('run-ended', 4)])).toEqual([4]);
    });

    it('keeps every field of an event', async () => {
      const run = await createTestRun(context.store);
      await context.store.appendEvents(run, [
        {
          type: 'model-call-ended',
          at: 1_700_000_000_123,
          processId: 'p-1',
          spanId: 'span-9',
          payload: { usage: { input: 3 } },
        },
        { type: 'note', at: 5, payload: null },
        { type: 'note', at: 6, payload: undefined },
        { type: 'note', at: 7, payload: 'text with "quotes", \\ and ünïcödé 🚀' },
      ]);
      expect(await context.store.listEvents({ runId: run })).toEqual([
        {
          runId: run,
          seq: 1,
          type: 'model-call-ended',
          at: 1_700_000_000_123,
          processId: 'p-1',
          spanId: 'span-9',
          payload: { usage: { input: 3 } },
        },
        { runId: run, seq: 2, type: 'note', at: 5, payload: null },
        { runId: run, seq: 3, type: 'note', at: 6, payload: undefined },
        { runId: run, seq: 4, type: 'note', at: 7, payload: 'text with "quotes", \\ and ünïcödé 🚀' },
      ]);
      const [withoutPayload] = await context.store.listEvents({ runId: run, afterSeq: 2, limit: 1 });
      expect(withoutPayload).not.toHaveProperty('processId');
    });

    it('rejects appends to a run nobody created, and keeps nothing of them', async () => {
      const error = await expectStoreError(
        context.store.appendEvents('no-such-run', [event('x', 1), event('y', 2)]),
        'run_not_found',
      );
      expect(error.runId).toBe('no-such-run');
      expect(await context.store.listEvents({ runId: 'no-such-run' })).toEqual([]);
      const many = Array.from({ length: 40 }, (_, index) => event('x', index));
      await expectStoreError(context.store.appendEvents('no-such-run', many), 'run_not_found');
      expect(await context.store.listEvents({ runId: 'no-such-run' })).toEqual([]);
    });

    it('keeps a large batch whole and in order, every field of every event', async () => {
      // Large enough for an adapter that inserts several rows per statement to use both paths.
      const run = await createTestRun(context.store);
      await context.store.appendEvents(run, [event('run-started', 1)]);
      const batch: NewEvent[] = Array.from({ length: 45 }, (_, index) => ({
        type: `e${index % 3}`,
        at: 100 + index,
        ...(index % 2 === 0 ? { processId: `p${index}` } : {}),
        ...(index % 5 === 0 ? { spanId: `s${index}` } : {}),
        payload: index % 7 === 0 ? undefined : { index, text: `ünï ${index}` },
      }));
      expect(await context.store.appendEvents(run, batch)).toEqual(batch.map((_, index) => index + 2));
      const stored = await context.store.listEvents({ runId: run, afterSeq: 1 });
      expect(stored).toEqual(batch.map((each, index) => ({ runId: run, seq: index + 2, ...each })));
      expect(await context.store.appendEvents(run, [event('run-ended', 200)])).toEqual([47]);
    });

    it('filters by run, types, seq, time window and limit', async () => {
      const run = await createTestRun(context.store, { id: 'filter-r' });
      const other = await createTestRun(context.store, { id: 'filter-o' });
      await context.store.appendEvents(run, [event('a', 10), event('b', 20), event('a', 30), event('c', 40)]);
      await context.store.appendEvents(other, [event('a', 20)]);
      const seqs = async (filter: Parameters<typeof context.store.listEvents>[0]) =>
        (await context.store.listEvents(filter)).map(
          (stored) => `${stored.runId === run ? 'r' : 'o'}${stored.seq}`,
        );
      expect(await seqs({ runId: run })).toEqual(['r1', 'r2', 'r3', 'r4']);
      expect(await seqs({ runId: run, types: ['a', 'c'] })).toEqual(['r1', 'r3', 'r4']);
      expect(await seqs({ runId: run, types: [] })).toEqual([]);
      expect(await seqs({ runId: run, afterSeq: 2 })).toEqual(['r3', 'r4']);
      expect(await seqs({ runId: run, since: 20, until: 40 })).toEqual(['r2', 'r3']);
      expect(await seqs({ runId: run, afterSeq: 1, limit: 2 })).toEqual(['r2', 'r3']);
      expect(await seqs({ types: ['a'] })).toEqual(['r1', 'o1', 'r3']);
      expect(await seqs({ since: 20, until: 21 })).toEqual(['o1', 'r2']);
    });

    it('lists events of several runs by time, then run, then seq', async () => {
      const first = await createTestRun(context.store, { id: 'events-a' });
      const second = await createTestRun(context.store, { id: 'events-b' });
      await context.store.appendEvents(second, [event('x', 5), event('x', 5), event('x', 1)]);
      await context.store.appendEvents(first, [event('x', 5), event('x', 3)]);
      const order = (await context.store.listEvents({})).map((stored) => [
        stored.runId,
        stored.seq,
        stored.at,
      ]);
      expect(order).toEqual([
        [second, 3, 1],
        [first, 2, 3],
        [first, 1, 5],
        [second, 1, 5],
        [second, 2, 5],
      ]);
    });

    it('numbers concurrent appends to many runs without gaps and keeps every payload', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 4 }),
          fc.array(fc.tuple(fc.nat(3), fc.array(storableJson, { maxLength: 3 })), { maxLength: 25 }),
          async (runCount, batches) => {
            const runs: string[] = [];
            for (let index = 0; index < runCount; index++) runs.push(await createTestRun(context.store));
            const appended = await Promise.all(
              batches.map(async ([runIndex, payloads]) => {
                const run = runs[runIndex % runCount]!;
                const seqs = await context.store.appendEvents(
                  run,
                  payloads.map((payload, index) => event(`e${index}`, index, payload)),
                );
                return { run, seqs, payloads };
              }),
            );
            for (const run of runs) {
              const expected = new Map<number, unknown>();
              for (const batch of appended.filter((each) => each.run === run)) {
                expect(batch.seqs).toHaveLength(batch.payloads.length);
                batch.seqs.forEach((seq, index) => {
                  if (index > 0) expect(seq).toBe(batch.seqs[index - 1]! + 1);
                  expected.set(seq, asJson(batch.payloads[index]));
                });
              }
              const stored = await context.store.listEvents({ runId: run });
              expect(stored.map((each) => each.seq)).toEqual(stored.map((_, index) => index + 1));
              expect(stored).toHaveLength(expected.size);
              for (const each of stored) expect(each.payload).toEqual(expected.get(each.seq));
            }
          },
        ),
        { numRuns: 25 },
      );
    });
  });
}
