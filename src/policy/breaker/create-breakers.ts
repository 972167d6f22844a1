import type { Clock } from '../../spec/clock.ts';
import type { PolicyEventListener } from '../policy-event.ts';
import { type CircuitBreakerOptions, DEFAULT_CIRCUIT_BREAKER } from '../policy-options.ts';
import type { BreakerSnapshot } from './breaker-snapshot.ts';
import { CircuitBreaker } from './circuit-breaker.ts';

/** The circuit breakers of a runtime, one per provider/model, shared by every agent. */
export interface Breakers {
  /**
   * The breaker of `key` (`provider/model`). An agent that declares its own `circuit_breaker` settings
   * gets a breaker of its own for that model, keyed `key` plus its settings, so two agents with
   * different thresholds never fight over one state.
   */
  breakerFor(key: string, options?: CircuitBreakerOptions): CircuitBreaker;
  /** Every breaker's state, by key, as JSON. */
  toJSON(): Record<string, BreakerSnapshot>;
}

/** Options of {@link createBreakers}. */
export interface CreateBreakersOptions {
  readonly clock: Pick<Clock, 'now'>;
  /** Settings of breakers created without their own; default {@link DEFAULT_CIRCUIT_BREAKER}. */
  readonly defaults?: CircuitBreakerOptions;
  readonly onEvent?: PolicyEventListener;
  /** States saved with `toJSON()`, by key. */
  readonly initialStates?: Readonly<Record<string, BreakerSnapshot>>;
}

/**
 * Creates the breaker registry a runtime shares between its agents.
 *
 * @example
 * const breakers = createBreakers({ clock: systemClock });
 * const ticket = breakers.breakerFor('openai/gpt-4o').tryPass();
 */
export function createBreakers(options: CreateBreakersOptions): Breakers {
  const defaults = options.defaults ?? DEFAULT_CIRCUIT_BREAKER;
  const breakers = new Map<string, CircuitBreaker>();
  return {
    breakerFor(key, own) {
      const settings = own ?? defaults;
      const id = sameSettings(settings, defaults)
        ? key
        : `${key}[${settings.threshold},${settings.resetAfterMs},${settings.halfOpenMax}]`;
      let breaker = breakers.get(id);
      if (breaker === undefined) {
        const initialState = options.initialStates?.[id];
        breaker = new CircuitBreaker(id, settings, {
          clock: options.clock,
          ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
          ...(initialState === undefined ? {} : { initialState }),
        });
        breakers.set(id, breaker);
      }
      return breaker;
    },
    toJSON() {
      return Object.fromEntries([...breakers].map(([id, breaker]) => [id, breaker.toJSON()]));
    },
  };
}

function sameSettings(a: CircuitBreakerOptions, b: CircuitBreakerOptions): boolean {
  return a.threshold === b.threshold && a.resetAfterMs === b.resetAfterMs && a.halfOpenMax === b.halfOpenMax;
}
