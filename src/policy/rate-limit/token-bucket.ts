import { ClipHistory } from './clip-history.ts';

/**
 * How far below an amount the level may be and still count as enough: continuous refill in floating
 * point lands a hair short of whole numbers, and a timer set for the exact moment must find enough.
 */
export const LEVEL_TOLERANCE = 1e-6;

export interface TokenBucketOptions {
  /** The most the bucket holds, > 0. */
  readonly capacity: number;
  /** Tokens added per millisecond, ≥ 0. */
  readonly refillPerMs: number;
  /** The clock's time now. */
  readonly now: number;
  /** The level to start at; default full. Never above the capacity. */
  readonly level?: number;
}

/**
 * A token bucket with continuous refill: the level grows by `refillPerMs` every millisecond up to the
 * capacity. Time is passed in (`now`) rather than read, so the bucket itself never waits.
 *
 * The level can go below zero, and does in exactly two cases, both chosen by the caller: a request
 * larger than the capacity is let through when the bucket is full (see {@link TokenBucket.timeUntil}),
 * and a call that used more than it reserved takes the extra afterwards. A negative level is a debt that
 * refill pays back before anyone else is let through.
 *
 * @example
 * const bucket = new TokenBucket({ capacity: 60, refillPerMs: 60 / 60_000, now: 0 });
 * bucket.take(60, 0);
 * bucket.timeUntil(1, 0); // 1000: one request per second
 * bucket.level(500); // 0.5
 */
export class TokenBucket {
  #capacity: number;
  #refillPerMs: number;
  #level: number;
  #updatedAt: number;
  readonly #history = new ClipHistory();

  constructor(options: TokenBucketOptions) {
    checkCapacity(options.capacity);
    checkRate(options.refillPerMs);
    this.#capacity = options.capacity;
    this.#refillPerMs = options.refillPerMs;
    this.#level = Math.min(options.level ?? options.capacity, options.capacity);
    this.#updatedAt = options.now;
  }

  get capacity(): number {
    return this.#capacity;
  }

  get refillPerMs(): number {
    return this.#refillPerMs;
  }

  /** When the level was last brought up to date. */
  get updatedAt(): number {
    return this.#updatedAt;
  }

  /** The level at `now`, after refill. */
  level(now: number): number {
    this.#refill(now);
    return this.#level;
  }

  /** Takes `amount` whether or not it is there: the level may go negative (see the class notes). */
  take(amount: number, now: number): void {
    checkAmount(amount);
    this.#refill(now);
    this.#level -= amount;
    this.#history.add(-amount);
  }

  /** Puts `amount` back, never above the capacity. */
  give(amount: number, now: number): void {
    checkAmount(amount);
    this.#refill(now);
    this.#level = Math.min(this.#capacity, this.#level + amount);
    this.#history.add(amount);
    this.#history.clip(this.#capacity);
  }

  /**
   * Takes `amount` and remembers the moment, so {@link TokenBucket.refund} can later give back what was
   * not used. Every reservation must be refunded (with 0 when nothing is given back) to be forgotten.
   */
  reserve(amount: number, now: number): number {
    this.take(amount, now);
    return this.#history.open(this.#capacity);
  }

  /**
   * Gives back up to `amount` of a reservation and forgets it. The level becomes what it would be now had
   * the reservation taken `amount` less, and no more: refill lost at the capacity while the tokens were
   * held is not handed out twice. Returns what was given back.
   */
  refund(handle: number, amount: number, now: number): number {
    checkAmount(amount);
    if (!this.#history.isOpen(handle)) return 0;
    this.#refill(now);
    const before = this.#level;
    if (amount > 0) {
      const ceiling = this.#history.ceiling(handle, this.#capacity);
      this.#level = Math.max(before, Math.min(before + amount, ceiling));
      this.#history.refund(handle, amount);
    } else {
      this.#history.close(handle);
    }
    return this.#level - before;
  }

  /**
   * Milliseconds from `now` until `amount` can be taken without going below zero, 0 when it can now. An
   * amount above the capacity can be taken once the bucket is full (the level then goes negative), so a
   * request larger than the capacity is delayed, never refused forever. `Infinity` when the bucket does
   * not refill.
   */
  timeUntil(amount: number, now: number): number {
    return this.timeUntilLevel(Math.min(amount, this.#capacity), now);
  }

  /**
   * Milliseconds from `now` until refill alone would raise the level to `target`, ignoring the capacity:
   * for a target above the capacity this is a lower bound on any real wait.
   */
  timeUntilLevel(target: number, now: number): number {
    this.#refill(now);
    const deficit = target - this.#level;
    if (deficit <= LEVEL_TOLERANCE) return 0;
    return this.#refillPerMs > 0 ? deficit / this.#refillPerMs : Number.POSITIVE_INFINITY;
  }

  /** Changes the refill rate from `now` on; the refill until `now` is at the old rate. */
  setRate(refillPerMs: number, now: number): void {
    checkRate(refillPerMs);
    this.#refill(now);
    this.#refillPerMs = refillPerMs;
  }

  /** Changes the capacity; a level above the new capacity is cut to it, a lower one is kept. */
  setCapacity(capacity: number, now: number): void {
    checkCapacity(capacity);
    this.#refill(now);
    this.#capacity = capacity;
    this.#level = Math.min(this.#level, capacity);
    this.#history.clip(capacity);
  }

  /** Lowers the level to `remaining` if it is above it (a provider reported less than we thought). */
  syncDown(remaining: number, now: number): void {
    checkAmount(remaining);
    this.#refill(now);
    this.#level = Math.min(this.#level, remaining);
    this.#history.clip(remaining);
  }

  #refill(now: number): void {
    const elapsed = now - this.#updatedAt;
    if (!(elapsed > 0)) return;
    this.#updatedAt = now;
    const added = elapsed * this.#refillPerMs;
    if (added === 0) return;
    this.#level = Math.min(this.#capacity, this.#level + added);
    this.#history.add(added);
    this.#history.clip(this.#capacity);
  }
}

function checkAmount(amount: number): void {
  if (!(amount >= 0 && amount < Number.POSITIVE_INFINITY)) {
    throw new RangeError(`A token amount must be a finite number ≥ 0; got ${String(amount)}.`);
  }
}

function checkCapacity(capacity: number): void {
  if (!(capacity > 0 && capacity < Number.POSITIVE_INFINITY)) {
    throw new RangeError(`A bucket's capacity must be a finite number > 0; got ${String(capacity)}.`);
  }
}

function checkRate(refillPerMs: number): void {
  if (!(refillPerMs >= 0 && refillPerMs < Number.POSITIVE_INFINITY)) {
    throw new RangeError(`A bucket's refill rate must be a finite number ≥ 0; got ${String(refillPerMs)}.`);
  }
}
