import type { PolicyEvent, PolicyEventListener } from './policy-event.ts';

/** Where a runtime's policies report, and where listeners subscribe. */
export interface PolicyEvents {
  /** Subscribes; returns the unsubscribe function. */
  on(listener: PolicyEventListener): () => void;
  /** Delivers an event to every listener; a listener that throws is skipped, never the caller. */
  readonly emit: PolicyEventListener;
}

/**
 * A small synchronous event hub for policy events.
 *
 * @example
 * const events = createPolicyEvents();
 * const off = events.on((event) => { if (event.type === 'budget-threshold') console.warn(event); });
 */
export function createPolicyEvents(): PolicyEvents {
  const listeners = new Set<PolicyEventListener>();
  return {
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event: PolicyEvent) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          // A listener's failure is its own: the call that caused the event goes on.
        }
      }
    },
  };
}
