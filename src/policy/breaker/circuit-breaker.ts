import type { Clock } from '../../spec/clock.ts';
import type { PolicyEventListener } from '../policy-event.ts';
import type { CircuitBreakerOptions } from '../policy-options.ts';
import type { BreakerSnapshot, BreakerStateName } from './breaker-snapshot.ts';

/** What a call let through holds: it must report once how the call went. */
export interface BreakerTicket {
  /** The call succeeded: a half-open circuit closes, a closed one forgets its failures. */
  success(): void;
  /** The call failed in a way that counts (server, overloaded, timeout, connection). */
  failure(): void;
  /** The call ended in a way that says nothing about the provider's health (aborted, rejected by us). */
  neutral(): void;
}

/** Options of {@link CircuitBreaker}. */
export interface CircuitBreakerSettings {
  readonly clock: Pick<Clock, 'now'>;
  readonly onEvent?: PolicyEventListener;
  /** A state saved with {@link CircuitBreaker.toJSON}. */
  readonly initialState?: BreakerSnapshot;
}

/**
 * A circuit breaker for one provider/model: `closed` until `threshold` consecutive failures, then
 * `open` (calls are refused) for `resetAfterMs`, then `half-open`, letting at most `halfOpenMax` trial
 * calls through at a time: the first trial to succeed closes the circuit, the first to fail opens it
 * again. The move from open to half-open happens when a call asks after `retryAt`, so an idle breaker
 * sets no timer. The state serialises with `toJSON()` and is restored with `initialState`.
 *
 * @example
 * const breaker = new CircuitBreaker('anthropic/claude-sonnet-4-5', DEFAULT_CIRCUIT_BREAKER, { clock });
 * const ticket = breaker.tryPass();
 * if (ticket === undefined) throw new CircuitOpen({ key: breaker.key, retryAt: breaker.retryAt, now });
 * try { const result = await call(); ticket.success(); } catch (error) { ticket.failure(); throw error; }
 */
export class CircuitBreaker {
  readonly key: string;
  readonly options: CircuitBreakerOptions;
  readonly #clock: Pick<Clock, 'now'>;
  readonly #onEvent: PolicyEventListener | undefined;
  #state: BreakerSnapshot;

  constructor(key: string, options: CircuitBreakerOptions, settings: CircuitBreakerSettings) {
    if (!(options.threshold >= 1) || !(options.halfOpenMax >= 1) || !(options.resetAfterMs >= 0)) {
      throw new RangeError(
        `Circuit breaker '${key}': threshold and half_open_max must be at least 1, reset_after at least 0.`,
      );
    }
    this.key = key;
    this.options = options;
    this.#clock = settings.clock;
    this.#onEvent = settings.onEvent;
    this.#state = settings.initialState ?? { state: 'closed', failures: 0 };
  }

  /** The state now (an open circuit whose time is up reads as half-open). */
  get state(): BreakerStateName {
    this.#refresh();
    return this.#state.state;
  }

  /** When an open circuit lets trial calls through; the current time otherwise. */
  get retryAt(): number {
    this.#refresh();
    return this.#state.state === 'open' ? this.#state.retryAt : this.#clock.now();
  }

  /** Lets a call through and returns its ticket, or returns `undefined` when the circuit refuses it. */
  tryPass(): BreakerTicket | undefined {
    this.#refresh();
    const state = this.#state;
    if (state.state === 'open') return undefined;
    if (state.state === 'half-open') {
      if (state.trials >= this.options.halfOpenMax) return undefined;
      this.#state = { state: 'half-open', trials: state.trials + 1 };
      return this.#ticket(true);
    }
    return this.#ticket(false);
  }

  /** The state as JSON. */
  toJSON(): BreakerSnapshot {
    this.#refresh();
    return this.#state;
  }

  #ticket(trial: boolean): BreakerTicket {
    let done = false;
    const once = (outcome: 'success' | 'failure' | 'neutral') => {
      if (done) return;
      done = true;
      this.#settle(outcome, trial);
    };
    return {
      success: () => once('success'),
      failure: () => once('failure'),
      neutral: () => once('neutral'),
    };
  }

  #settle(outcome: 'success' | 'failure' | 'neutral', trial: boolean): void {
    const state = this.#state;
    if (state.state === 'half-open') {
      // Only a trial's outcome moves a half-open circuit; a call let through while closed that ends now says little.
      if (!trial) return;
      if (outcome === 'success') this.#move({ state: 'closed', failures: 0 });
      else if (outcome === 'failure') this.#open();
      else this.#state = { state: 'half-open', trials: Math.max(0, state.trials - 1) };
      return;
    }
    if (state.state === 'closed') {
      if (outcome === 'success') this.#state = { state: 'closed', failures: 0 };
      else if (outcome === 'failure') {
        const failures = state.failures + 1;
        if (failures >= this.options.threshold) this.#open();
        else this.#state = { state: 'closed', failures };
      }
    }
    // An open circuit ignores calls that were let through before it opened.
  }

  #open(): void {
    const now = this.#clock.now();
    this.#move({ state: 'open', openedAt: now, retryAt: now + this.options.resetAfterMs });
  }

  #refresh(): void {
    const state = this.#state;
    if (state.state === 'open' && this.#clock.now() >= state.retryAt)
      this.#move({ state: 'half-open', trials: 0 });
  }

  #move(next: BreakerSnapshot): void {
    const from = this.#state.state;
    this.#state = next;
    if (from !== next.state) {
      this.#onEvent?.({ type: 'breaker-state', at: this.#clock.now(), key: this.key, from, to: next.state });
    }
  }
}
