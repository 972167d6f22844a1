/**
 * A circuit breaker's state as plain JSON, to keep it across restarts or share it between workers.
 * Times are the clock's milliseconds since the epoch.
 */
export type BreakerSnapshot =
  | { readonly state: 'closed'; readonly failures: number }
  | { readonly state: 'open'; readonly openedAt: number; readonly retryAt: number }
  | { readonly state: 'half-open'; readonly trials: number };

/** The three states' names. */
export type BreakerStateName = BreakerSnapshot['state'];
