import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MemoryScope } from '../../../src/spec/store.ts';
import { asJson, type ContractContext, storableJson } from './contract-support.ts';

const global: MemoryScope = { kind: 'global', id: '' };

/** Key-value memory per scope. */
export function memoryContract(context: ContractContext): void {
  describe('memory', () => {
    it('gives undefined for a key never set', async () => {
      expect(await context.store.getMemory(global, 'missing')).toBeUndefined();
      expect(await context.store.listMemory({ kind: 'agent', id: 'nobody' })).toEqual({});
    });

    it('keeps any JSON value, null included', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.string({ maxLength: 8 }).filter((key) => !key.includes('\u0000')),
          storableJson,
          async (key, value) => {
            await context.store.setMemory(global, key, value, 1);
            expect(await context.store.getMemory(global, key)).toEqual(asJson(value));
          },
        ),
        { numRuns: 50 },
      );
      await context.store.setMemory(global, 'nothing', null, 1);
      expect(await context.store.getMemory(global, 'nothing')).toBeNull();
    });

    it('overwrites, deletes on undefined, and keeps scopes apart', async () => {
      const run: MemoryScope = { kind: 'run', id: 'r1' };
      const agent: MemoryScope = { kind: 'agent', id: 'r1' };
      await context.store.setMemory(run, 'city', 'Oslo', 1);
      await context.store.setMemory(run, 'city', 'Bergen', 2);
      await context.store.setMemory(run, 'days', 3, 2);
      await context.store.setMemory(agent, 'city', 'Paris', 2);
      await context.store.setMemory(run, '__proto__', { polluted: true }, 2);
      expect(await context.store.getMemory(run, 'city')).toBe('Bergen');
      expect(await context.store.listMemory(run)).toEqual(
        Object.fromEntries([
          ['__proto__', { polluted: true }],
          ['city', 'Bergen'],
          ['days', 3],
        ]),
      );
      expect(await context.store.listMemory(agent)).toEqual({ city: 'Paris' });
      expect(await context.store.listMemory(global)).toEqual({});
      await context.store.setMemory(run, 'city', undefined, 3);
      await context.store.setMemory(run, 'never-set', undefined, 3);
      expect(await context.store.getMemory(run, 'city')).toBeUndefined();
      expect(Object.keys(await context.store.listMemory(run)).sort()).toEqual(['__proto__', 'days']);
      expect(Object.getPrototypeOf(await context.store.listMemory(run))).toBe(Object.prototype);
    });
  });
}
