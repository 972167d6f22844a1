import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/spec/store.ts';
import { StoreError } from '../../src/store/store-error.ts';
import { type ContractContext, createTestRun, expectStoreError } from './contract/contract-support.ts';
import { eventsContract } from './contract/events-contract.ts';
import { journalContract } from './contract/journal-contract.ts';
import { ledgerContract } from './contract/ledger-contract.ts';
import { memoryContract } from './contract/memory-contract.ts';
import { runsContract } from './contract/runs-contract.ts';
import { spansContract } from './contract/spans-contract.ts';

/**
 * The contract of the `Store` port, run on every adapter. Each test gets a fresh, empty store from
 * `open` and closes it after; `cleanup` runs once after the suite (to remove files or schemas).
 *
 * @example
 * storeContract('sqlite file', () => sqliteStore(join(directory, `${randomUUID()}.db`)));
 */
export function storeContract(name: string, open: () => Promise<Store>, cleanup?: () => Promise<void>): void {
  describe(`Store contract: ${name}`, () => {
    let current: Store | undefined;
    const context: ContractContext = {
      get store(): Store {
        if (current === undefined) throw new Error('The store is opened in beforeEach.');
        return current;
      },
    };

    beforeEach(async () => {
      current = await open();
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });
    if (cleanup !== undefined) afterAll(cleanup);

    runsContract(context);
    eventsContract(context);
    journalContract(context);
    ledgerContract(context);
    memoryContract(context);
    spansContract(context);

    describe('values', () => {
      it('rejects a value JSON cannot express, and writes nothing', async () => {
        await expectStoreError(createRunWithInput(context.store, { big: 1n }), 'store_invalid_value');
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        const run = await createTestRun(context.store);
        await expectStoreError(
          context.store.appendEvents(run, [{ type: 'x', at: 1, payload: cyclic }]),
          'store_invalid_value',
        );
        expect(await context.store.listEvents({ runId: run })).toEqual([]);
      });

      it('keeps a NUL character, or rejects it as a value it cannot keep', async () => {
        const run = await createTestRun(context.store);
        const payload = { text: 'before\u0000after' };
        const outcome = await context.store.appendEvents(run, [{ type: 'x', at: 1, payload }]).then(
          () => 'kept',
          (error: unknown) => (StoreError.isStoreError(error, 'store_invalid_value') ? 'refused' : error),
        );
        if (outcome === 'kept')
          expect((await context.store.listEvents({ runId: run }))[0]?.payload).toEqual(payload);
        else expect(outcome).toBe('refused');
      });
    });

    describe('lifecycle', () => {
      it('says what it is and where', () => {
        expect(['sqlite', 'postgres']).toContain(context.store.dialect);
        expect(context.store.location).not.toBe('');
        expect(context.store.location).not.toMatch(/:[^/@:]+@/);
      });

      it('rejects every call after close, and closes twice without complaint', async () => {
        const run = await createTestRun(context.store);
        const store = context.store;
        await store.close();
        await store.close();
        const scope = { kind: 'global', id: '' } as const;
        const calls: Promise<unknown>[] = [
          store.createRun({ id: 'late', kind: 'function', name: 'n', input: {}, createdAt: 1 }),
          store.getRun(run),
          store.findRun(run),
          store.updateRun(run, { updatedAt: 2 }),
          store.listRuns(),
          store.appendEvents(run, [{ type: 'x', at: 1, payload: {} }]),
          store.listEvents({ runId: run }),
          store.startEffect({ runId: run, key: 'k', kind: 'now', idempotent: true, startedAt: 1 }),
          store.completeEffect(run, 'k', 1, 2),
          store.failEffect(run, 'k', { name: 'Error', message: 'x' }, 2),
          store.listJournal(run),
          store.spentOf('s'),
          store.addSpend('s', 1),
          store.getMemory(scope, 'k'),
          store.setMemory(scope, 'k', 1, 1),
          store.listMemory(scope),
          store.appendSpans([]),
          store.listSpans({ runId: run }),
        ];
        for (const call of calls) await expectStoreError(call, 'store_closed');
      });
    });
  });
}

function createRunWithInput(store: Store, input: unknown): Promise<unknown> {
  return store.createRun({ id: `input-${Math.random()}`, kind: 'function', name: 'n', input, createdAt: 1 });
}
