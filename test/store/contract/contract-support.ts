import fc from 'fast-check';
import { expect } from 'vitest';
import type { NewRun, Store } from '../../../src/spec/store.ts';
import { StoreError, type StoreErrorCode } from '../../../src/store/store-error.ts';

/** The store under test, fresh for each test. */
export interface ContractContext {
  readonly store: Store;
}

let counter = 0;

/** A run id no other test uses. */
export function uniqueId(prefix = 'run'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

/** Creates a run with sensible defaults and a fresh id. */
export async function createTestRun(store: Store, fields: Partial<NewRun> = {}): Promise<string> {
  const run: NewRun = {
    id: uniqueId(),
    kind: 'function',
    name: 'triage',
    input: {},
    createdAt: 1_000,
    ...fields,
  };
  await store.createRun(run);
  return run.id;
}

/** Awaits a promise that must reject with a store error of `code`, and returns the error. */
export async function expectStoreError(promise: Promise<unknown>, code: StoreErrorCode): Promise<StoreError> {
  const error = await promise.then(
    (value) => ({ resolvedWith: value }),
    (reason: unknown) => reason,
  );
  expect(StoreError.isStoreError(error, code), `expected a StoreError '${code}', got ${String(error)}`).toBe(
    true,
  );
  return error as StoreError;
}

/** What a value reads back as, by JSON's rules (the store keeps JSON). */
export function asJson(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/**
 * Any JSON value whose strings both databases can hold: whole Unicode characters (PostgreSQL `jsonb`
 * refuses lone surrogates) and no NUL (which PostgreSQL text cannot hold; a separate test covers it).
 */
export const storableJson: fc.Arbitrary<unknown> = fc.jsonValue({
  maxDepth: 3,
  stringUnit: fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 1 })
    .filter((text) => !text.includes('\u0000')),
});
