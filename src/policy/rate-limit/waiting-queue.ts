/** What the queue orders by: higher `priority` first, then lower `sequence` (arrival order). */
export interface Queued {
  readonly priority: number;
  readonly sequence: number;
}

/**
 * Callers waiting for a rate limit, highest priority first and first come, first served within a
 * priority. Arrivals carry increasing sequence numbers, so an arrival goes after everyone of its own
 * priority or higher and before everyone of lower priority.
 *
 * @example
 * const queue = new WaitingQueue<Queued>();
 * queue.insert({ priority: 0, sequence: 1 });
 * queue.insert({ priority: 5, sequence: 2 });
 * queue.head(); // { priority: 5, sequence: 2 }
 */
export class WaitingQueue<T extends Queued> implements Iterable<T> {
  readonly #entries: T[] = [];

  get size(): number {
    return this.#entries.length;
  }

  head(): T | undefined {
    return this.#entries[0];
  }

  insert(entry: T): void {
    const entries = this.#entries;
    let low = 0;
    let high = entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (goesBefore(entries[middle]!, entry)) low = middle + 1;
      else high = middle;
    }
    entries.splice(low, 0, entry);
  }

  shift(): T | undefined {
    return this.#entries.shift();
  }

  /** Removes `entry`; false when it is not queued. */
  remove(entry: T): boolean {
    const index = this.#entries.indexOf(entry);
    if (index < 0) return false;
    this.#entries.splice(index, 1);
    return true;
  }

  [Symbol.iterator](): Iterator<T> {
    return this.#entries[Symbol.iterator]();
  }
}

function goesBefore(a: Queued, b: Queued): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.sequence < b.sequence);
}
