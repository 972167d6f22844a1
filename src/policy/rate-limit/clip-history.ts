interface Segment {
  readonly handle: number;
  /** The highest `sum − ceiling` from this reservation's opening to the next one's. */
  highest: number;
}

/**
 * What a token bucket needs to give back a reservation's unused tokens without ever granting more than
 * the provider's own bucket would have.
 *
 * Why: a reservation of `estimate` tokens that turns out to cost `actual` should leave the bucket where it
 * would be had it taken `actual` in the first place. Simply adding `estimate − actual` back is wrong when
 * the bucket sat full in between: the refill it lost at the capacity would be handed out twice (a call
 * held 10 000 tokens for a minute, the bucket refilled to full anyway, and the give-back would then lend
 * 10 000 tokens the provider does not have).
 *
 * How: every change of the level is `x ↦ min(ceiling, x + delta)`, so the level is `sum − max(sum_τ −
 * ceiling_τ)` over the steps τ so far, where `sum` is the running total of deltas before ceilings. A
 * reservation that took `d` less raises `sum` from its step on by `d`; the level it would give is bounded
 * by the steps since it was opened. This keeps `sum` and, per open reservation, the highest `sum_τ −
 * ceiling_τ` between its opening and the next, and applies a refund to history, so later refunds of
 * other reservations are exact too. Work is O(open reservations) per refund and O(1) otherwise; nothing
 * is kept while no reservation is open.
 */
export class ClipHistory {
  #sum = 0;
  #segments: Segment[] = [];
  #nextHandle = 0;

  /** Records a change of the level by `delta` (refill, take, give), before any ceiling is applied. */
  add(delta: number): void {
    if (this.#segments.length > 0) this.#sum += delta;
  }

  /** Records that the level was held at or below `ceiling` (the capacity, a provider's `remaining`). */
  clip(ceiling: number): void {
    const last = this.#segments[this.#segments.length - 1];
    if (last !== undefined) last.highest = Math.max(last.highest, this.#sum - ceiling);
  }

  /** Opens a reservation now, when the level is at most `capacity`; returns its handle. */
  open(capacity: number): number {
    if (this.#segments.length === 0) this.#sum = 0;
    const handle = this.#nextHandle++;
    this.#segments.push({ handle, highest: this.#sum - capacity });
    return handle;
  }

  isOpen(handle: number): boolean {
    return this.#segments[this.#indexOf(handle)]?.handle === handle;
  }

  /**
   * The most the level could be now had the open reservation `handle` taken less, whatever less;
   * `capacity` is the ceiling in force now.
   */
  ceiling(handle: number, capacity: number): number {
    let highest = this.#sum - capacity;
    const segments = this.#segments;
    for (let index = this.#indexOf(handle); index < segments.length; index++) {
      highest = Math.max(highest, segments[index]!.highest);
    }
    return this.#sum - highest;
  }

  /** Rewrites history as if reservation `handle` had taken `amount` less, then closes it. */
  refund(handle: number, amount: number): void {
    const segments = this.#segments;
    const start = this.#indexOf(handle);
    if (segments[start]?.handle !== handle) return;
    for (let index = start; index < segments.length; index++) segments[index]!.highest += amount;
    this.#sum += amount;
    this.close(handle);
  }

  /** Forgets a reservation; when none is left the history is dropped. */
  close(handle: number): void {
    const segments = this.#segments;
    const index = this.#indexOf(handle);
    const segment = segments[index];
    if (segment?.handle !== handle) return;
    const previous = segments[index - 1];
    // The steps after this opening still bound every reservation opened before it.
    if (previous !== undefined) previous.highest = Math.max(previous.highest, segment.highest);
    segments.splice(index, 1);
    if (segments.length === 0) this.#sum = 0;
  }

  /** Reservations still open. */
  get openCount(): number {
    return this.#segments.length;
  }

  #indexOf(handle: number): number {
    const segments = this.#segments;
    let low = 0;
    let high = segments.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (segments[middle]!.handle < handle) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
