import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ContractContext, expectStoreError } from './contract-support.ts';

/** The budget ledger: whole nano-dollars, added atomically. */
export function ledgerContract(context: ContractContext): void {
  describe('ledger', () => {
    it('has spent nothing under a scope never added to', async () => {
      expect(await context.store.spentOf('daily:2026-11-21')).toBe(0);
    });

    it('adds spend per scope, beyond 2^31', async () => {
      await context.store.addSpend('daily:2026-11-21', 2_500_000);
      await context.store.addSpend('daily:2026-11-21', 3_000_000_000);
      await context.store.addSpend('daily:2026-11-22', 0);
      expect(await context.store.spentOf('daily:2026-11-21')).toBe(3_002_500_000);
      expect(await context.store.spentOf('daily:2026-11-22')).toBe(0);
    });

    it('loses no concurrent addition', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.constantFrom('x', 'y'), fc.nat(1_000_000_000)), { maxLength: 40 }),
          async (additions) => {
            const prefix = `scope-${Math.random()}`;
            await Promise.all(
              additions.map(([scope, nanoUsd]) => context.store.addSpend(`${prefix}:${scope}`, nanoUsd)),
            );
            for (const scope of ['x', 'y']) {
              const expected = additions
                .filter(([each]) => each === scope)
                .reduce((sum, [, nanoUsd]) => sum + nanoUsd, 0);
              expect(await context.store.spentOf(`${prefix}:${scope}`)).toBe(expected);
            }
          },
        ),
        { numRuns: 20 },
      );
    });

    it('rejects amounts that are not whole nano-dollars ≥ 0', async () => {
      for (const amount of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
        await expectStoreError(context.store.addSpend('bad', amount), 'store_invalid_value');
      }
      expect(await context.store.spentOf('bad')).toBe(0);
    });
  });
}
