/**
 * Which alert thresholds of one scope have fired (internal). A threshold `t` is reached when settled
 * spend ≥ `t × limit`, rounded to the nano-dollar so that float noise never decides.
 */
export class AlertThresholds {
  readonly #thresholds: readonly number[];
  readonly #fired: boolean[];

  constructor(thresholds: readonly number[]) {
    this.#thresholds = [...new Set(thresholds)].sort((a, b) => a - b);
    this.#fired = this.#thresholds.map(() => false);
  }

  /**
   * Counts every threshold the spend has already reached as fired: spend found at the start of a
   * period (a ledger's figure after a restart, a new day) was alerted, if at all, when it was made.
   */
  markReached(usedNano: number, limitNano: number | undefined): void {
    this.#thresholds.forEach((threshold, index) => {
      this.#fired[index] = limitNano !== undefined && usedNano >= reachedAt(threshold, limitNano);
    });
  }

  /** After a limit change: thresholds the spend is now below may fire again. */
  rearmAbove(usedNano: number, limitNano: number | undefined): void {
    this.#thresholds.forEach((threshold, index) => {
      if (limitNano === undefined || usedNano < reachedAt(threshold, limitNano)) this.#fired[index] = false;
    });
  }

  /** The thresholds reached and not fired yet, in ascending order; they count as fired from now on. */
  take(usedNano: number, limitNano: number | undefined): number[] {
    if (limitNano === undefined) return [];
    const reached: number[] = [];
    this.#thresholds.forEach((threshold, index) => {
      if (!this.#fired[index] && usedNano >= reachedAt(threshold, limitNano)) {
        this.#fired[index] = true;
        reached.push(threshold);
      }
    });
    return reached;
  }
}

const reachedAt = (threshold: number, limitNano: number): number => Math.round(threshold * limitNano);
