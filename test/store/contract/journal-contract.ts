import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EffectStart, JournalEntry, StoredError } from '../../../src/spec/store.ts';
import type { StoreErrorCode } from '../../../src/store/store-error.ts';
import {
  asJson,
  type ContractContext,
  createTestRun,
  expectStoreError,
  storableJson,
} from './contract-support.ts';

const failure: StoredError = {
  name: 'ModelCallError',
  code: 'model_call_failed',
  message: 'overloaded',
  details: { status: 529 },
};

function start(runId: string, key: string, fields: Partial<EffectStart> = {}): EffectStart {
  return { runId, key, kind: 'model-call', idempotent: false, startedAt: 100, ...fields };
}

type Operation =
  | { readonly op: 'start'; readonly key: string; readonly idempotent: boolean; readonly request: unknown }
  | { readonly op: 'complete'; readonly key: string; readonly result: unknown }
  | { readonly op: 'fail'; readonly key: string };

const keys = fc.constantFrom('a', 'b', 'c', 'd');
const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    op: fc.constant('start' as const),
    key: keys,
    idempotent: fc.boolean(),
    request: storableJson,
  }),
  fc.record({ op: fc.constant('complete' as const), key: keys, result: storableJson }),
  fc.record({ op: fc.constant('fail' as const), key: keys }),
);

/** The journal as a plain map: what the store must agree with. */
function applyToModel(
  model: Map<string, JournalEntry>,
  runId: string,
  operation: Operation,
  at: number,
): StoreErrorCode | undefined {
  const entry = model.get(operation.key);
  if (operation.op === 'start') {
    if (entry?.status === 'completed') return 'store_conflict';
    model.set(operation.key, {
      runId,
      key: operation.key,
      kind: 'tool-call',
      seq: entry?.seq ?? model.size + 1,
      status: 'started',
      idempotent: operation.idempotent,
      ...(operation.request === undefined ? {} : { request: asJson(operation.request) }),
      startedAt: at,
    });
    return undefined;
  }
  if (entry === undefined) return 'effect_not_found';
  const { result: _result, error: _error, endedAt: _endedAt, ...started } = entry;
  model.set(
    operation.key,
    operation.op === 'complete'
      ? {
          ...started,
          status: 'completed',
          ...(operation.result === undefined ? {} : { result: asJson(operation.result) }),
          endedAt: at,
        }
      : { ...started, status: 'failed', error: failure, endedAt: at },
  );
  return undefined;
}

/** The journal of effects: seqs, redo of unfinished effects, conflicts, and a model-checked history. */
export function journalContract(context: ContractContext): void {
  describe('journal', () => {
    it('records an instant effect in one write, completing a started key and refusing a completed one', async () => {
      const run = await createTestRun(context.store);
      await context.store.startEffect(start(run, 'first'));
      await context.store.recordEffect(
        start(run, 'now', { kind: 'now', idempotent: true, startedAt: 300 }),
        1_700,
        301,
        {
          type: 'now-completed',
          at: 301,
          payload: { key: 'now' },
        },
      );
      // A key that started before (cut off by a crash) is completed in place, keeping its seq.
      await context.store.recordEffect(start(run, 'first', { startedAt: 400 }), { redone: true }, 402);
      expect(await context.store.listJournal(run)).toEqual([
        {
          runId: run,
          key: 'first',
          seq: 1,
          kind: 'model-call',
          status: 'completed',
          idempotent: false,
          startedAt: 400,
          result: { redone: true },
          endedAt: 402,
        },
        {
          runId: run,
          key: 'now',
          seq: 2,
          kind: 'now',
          status: 'completed',
          idempotent: true,
          startedAt: 300,
          result: 1_700,
          endedAt: 301,
        },
      ]);
      expect(
        (await context.store.listEvents({ runId: run })).map((event) => [event.seq, event.type]),
      ).toEqual([[1, 'now-completed']]);
      await expectStoreError(context.store.recordEffect(start(run, 'now'), 1, 2), 'store_conflict');
      await expectStoreError(context.store.recordEffect(start('no-such-run', 'now'), 1, 2), 'run_not_found');
    });

    it('numbers effects by first start, 1, 2, 3, … per run', async () => {
      const run = await createTestRun(context.store);
      const other = await createTestRun(context.store);
      await context.store.startEffect(start(run, 'step:0'));
      await context.store.startEffect(start(other, 'step:0'));
      await context.store.startEffect(
        start(run, 'step:1', {
          kind: 'tool-call',
          idempotent: true,
          request: { digest: 'd1' },
          startedAt: 200,
        }),
      );
      await context.store.completeEffect(run, 'step:0', { text: 'hi' }, 150);
      await context.store.failEffect(run, 'step:1', failure, 250);
      await context.store.startEffect(start(run, 'step:2'));
      expect(await context.store.listJournal(run)).toEqual([
        {
          runId: run,
          key: 'step:0',
          seq: 1,
          kind: 'model-call',
          status: 'completed',
          idempotent: false,
          startedAt: 100,
          result: { text: 'hi' },
          endedAt: 150,
        },
        {
          runId: run,
          key: 'step:1',
          seq: 2,
          kind: 'tool-call',
          status: 'failed',
          idempotent: true,
          request: { digest: 'd1' },
          startedAt: 200,
          error: failure,
          endedAt: 250,
        },
        {
          runId: run,
          key: 'step:2',
          seq: 3,
          kind: 'model-call',
          status: 'started',
          idempotent: false,
          startedAt: 100,
        },
      ]);
      expect((await context.store.listJournal(other)).map((entry) => entry.seq)).toEqual([1]);
      expect(await context.store.listJournal('no-such-run')).toEqual([]);
    });

    it('redoes a started or failed effect in place: same seq, fresh start, no result', async () => {
      const run = await createTestRun(context.store);
      await context.store.startEffect(start(run, 'first'));
      await context.store.startEffect(start(run, 'second', { request: { digest: 'old' } }));
      await context.store.failEffect(run, 'second', failure, 120);
      await context.store.startEffect(
        start(run, 'second', { idempotent: true, request: { digest: 'new' }, startedAt: 300 }),
      );
      await context.store.startEffect(start(run, 'first', { startedAt: 400 }));
      expect(await context.store.listJournal(run)).toEqual([
        {
          runId: run,
          key: 'first',
          seq: 1,
          kind: 'model-call',
          status: 'started',
          idempotent: false,
          startedAt: 400,
        },
        {
          runId: run,
          key: 'second',
          seq: 2,
          kind: 'model-call',
          status: 'started',
          idempotent: true,
          request: { digest: 'new' },
          startedAt: 300,
        },
      ]);
    });

    it('rejects starting a completed effect again, and keeps its result', async () => {
      const run = await createTestRun(context.store);
      await context.store.startEffect(start(run, 'done'));
      await context.store.completeEffect(run, 'done', 7, 110);
      const error = await expectStoreError(
        context.store.startEffect(start(run, 'done', { startedAt: 999 })),
        'store_conflict',
      );
      expect(error).toMatchObject({ runId: run, key: 'done' });
      expect(await context.store.listJournal(run)).toMatchObject([
        { key: 'done', status: 'completed', result: 7, startedAt: 100 },
      ]);
    });

    it('rejects ending an effect that was never started', async () => {
      const run = await createTestRun(context.store);
      await expectStoreError(context.store.completeEffect(run, 'nope', 1, 1), 'effect_not_found');
      await expectStoreError(context.store.failEffect(run, 'nope', failure, 1), 'effect_not_found');
      await expectStoreError(context.store.completeEffect('no-such-run', 'nope', 1, 1), 'effect_not_found');
    });

    it('rejects starting an effect in a run nobody created', async () => {
      await expectStoreError(context.store.startEffect(start('no-such-run', 'k')), 'run_not_found');
    });

    it('numbers effects started at once in one run without gaps or repeats', async () => {
      const run = await createTestRun(context.store);
      const keys = Array.from({ length: 30 }, (_, index) => `parallel:${index}`);
      await Promise.all(keys.map((key) => context.store.startEffect(start(run, key))));
      const journal = await context.store.listJournal(run);
      expect(journal.map((entry) => entry.seq)).toEqual(keys.map((_, index) => index + 1));
      expect(new Set(journal.map((entry) => entry.key))).toEqual(new Set(keys));
    });

    it('agrees with a model over any history of starts, completions and failures', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { maxLength: 20 }), async (operations) => {
          const run = await createTestRun(context.store);
          const model = new Map<string, JournalEntry>();
          let at = 0;
          for (const each of operations) {
            at += 1;
            const expected = applyToModel(model, run, each, at);
            const promise =
              each.op === 'start'
                ? context.store.startEffect({
                    runId: run,
                    key: each.key,
                    kind: 'tool-call',
                    idempotent: each.idempotent,
                    request: each.request,
                    startedAt: at,
                  })
                : each.op === 'complete'
                  ? context.store.completeEffect(run, each.key, each.result, at)
                  : context.store.failEffect(run, each.key, failure, at);
            if (expected === undefined) await promise;
            else await expectStoreError(promise, expected);
          }
          expect(await context.store.listJournal(run)).toEqual(
            [...model.values()].sort((a, b) => a.seq - b.seq),
          );
        }),
        { numRuns: 40 },
      );
    });
  });
}
