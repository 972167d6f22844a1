import type { EffectStart, NewEvent, NewRun, RunUpdate, Store, StoredError } from '../../spec/store.ts';
import type { Redactor } from './redactor.ts';

/**
 * The store with every write redacted: event payloads, journal results and errors, run inputs,
 * outputs and errors, memory values. Reads and every other method pass through unchanged, so methods
 * added to the port later are kept (they are forwarded, not redacted).
 *
 * Redacting the journal is safe for resume and replay because redaction is deterministic and
 * idempotent: a recorded reply that had a secret comes back with `[REDACTED]` in its place, exactly
 * as it was stored.
 *
 * @example
 * const store = redactingStore(await openStore('.vega/vega.db'), createRedactor({ env: process.env }));
 */
export function redactingStore(store: Store, redactor: Redactor): Store {
  const event = (value: NewEvent | undefined): NewEvent | undefined =>
    value === undefined ? undefined : redactor.value(value);
  const writes: Partial<Store> = {
    createRun: (run: NewRun) => store.createRun(redactor.value(run)),
    updateRun: (id: string, update: RunUpdate) => store.updateRun(id, redactor.value(update)),
    appendEvents: (runId: string, events: readonly NewEvent[]) =>
      store.appendEvents(runId, redactor.value(events)),
    startEffect: (start: EffectStart, started?: NewEvent) =>
      store.startEffect(redactor.value(start), event(started)),
    completeEffect: (runId: string, key: string, result: unknown, endedAt: number, ended?: NewEvent) =>
      store.completeEffect(runId, key, redactor.value(result), endedAt, event(ended)),
    failEffect: (runId: string, key: string, error: StoredError, endedAt: number, ended?: NewEvent) =>
      store.failEffect(runId, key, redactor.value(error), endedAt, event(ended)),
    recordEffect: (start: EffectStart, result: unknown, endedAt: number, ended?: NewEvent) =>
      store.recordEffect(redactor.value(start), redactor.value(result), endedAt, event(ended)),
    setMemory: (scope, key, value, at) => store.setMemory(scope, key, redactor.value(value), at),
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      const own = writes[property as keyof Store];
      if (own !== undefined) return own;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
