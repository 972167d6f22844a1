import type { Clock } from '../../spec/clock.ts';
import { checkLatency, type Latency } from './latency.ts';
import { checkFaults, type RandomFaults } from './random-faults.ts';
import { RateLimiter, type RateLimits } from './rate-limiter.ts';

/** The chaos a fixture server starts with; every part optional. */
export interface ChaosOptions {
  readonly clock: Pick<Clock, 'now'>;
  readonly random: () => number;
  readonly limits?: RateLimits | undefined;
  readonly latency?: Latency | undefined;
  readonly faults?: RandomFaults | undefined;
}

/**
 * The server's current rate limits, latency and random faults, changeable while it runs. Settings are
 * checked when set, so a bad one throws at the caller rather than inside a request.
 *
 * @example
 * const chaos = new ChaosSettings({ clock: systemClock, random: Math.random });
 * chaos.setLimits({ requestsPerMinute: 10 });
 */
export class ChaosSettings {
  readonly clock: Pick<Clock, 'now'>;
  readonly random: () => number;
  #limits: RateLimits | undefined;
  #limiter: RateLimiter;
  #latency: Latency | undefined;
  #faults: RandomFaults | undefined;

  constructor(options: ChaosOptions) {
    this.clock = options.clock;
    this.random = options.random;
    this.#limits = options.limits;
    this.#limiter = new RateLimiter(options.limits, this.clock.now());
    checkLatency(options.latency);
    this.#latency = options.latency;
    checkFaults(options.faults);
    this.#faults = options.faults;
  }

  get limiter(): RateLimiter {
    return this.#limiter;
  }

  get latency(): Latency | undefined {
    return this.#latency;
  }

  get faults(): RandomFaults | undefined {
    return this.#faults;
  }

  /** Replaces the limits with full buckets; `undefined` removes them (and their headers). */
  setLimits(limits: RateLimits | undefined): void {
    this.#limiter = new RateLimiter(limits, this.clock.now());
    this.#limits = limits;
  }

  /** Fills every bucket again, keeping the limits. */
  refill(): void {
    this.setLimits(this.#limits);
  }

  setLatency(latency: Latency | undefined): void {
    checkLatency(latency);
    this.#latency = latency;
  }

  setFaults(faults: RandomFaults | undefined): void {
    checkFaults(faults);
    this.#faults = faults;
  }
}
