/**
 * The failures the server can inject at random.
 *
 * @example
 * const kinds: readonly FaultKind[] = ['overloaded', 'drop'];
 */
export type FaultKind = 'overloaded' | 'server' | 'drop' | 'malformed';

/**
 * Faults injected at random, for load tests: each model request fails with probability `rate`, with one
 * of `kinds` picked uniformly. `overloaded` answers Anthropic's 529 or OpenAI's 503, `server` a 500,
 * `drop` cuts the connection (mid-stream for a stream) and `malformed` sends a body that is not valid JSON.
 * A faulted request uses no scripted reply and is not charged to the rate limits.
 *
 * @example
 * await startFixtureServer({ faults: { rate: 0.1, kinds: ['overloaded', 'drop'] }, random: seededRandom });
 */
export interface RandomFaults {
  /** Probability in [0, 1] that a request fails. */
  readonly rate: number;
  readonly kinds: readonly FaultKind[];
}

/**
 * Checks random faults, throwing a `RangeError` for a rate outside [0, 1] or an empty list of kinds.
 *
 * @example
 * checkFaults({ rate: 2, kinds: ['server'] }); // throws
 */
export function checkFaults(faults: RandomFaults | undefined): void {
  if (faults === undefined) return;
  if (!(faults.rate >= 0 && faults.rate <= 1)) {
    throw new RangeError(`A fault rate is a probability in [0, 1], not ${faults.rate}.`);
  }
  if (faults.kinds.length === 0) throw new RangeError('Random faults need at least one kind.');
}

/**
 * Decides whether one request fails and how. Draws from `random` once to decide, and once more to pick
 * the kind when it fails; a rate of 0 draws nothing.
 *
 * @example
 * pickFault({ rate: 0.5, kinds: ['server', 'drop'] }, sequence(0.2, 0.7)); // 'drop'
 */
export function pickFault(faults: RandomFaults | undefined, random: () => number): FaultKind | undefined {
  if (faults === undefined || faults.rate === 0) return undefined;
  if (random() >= faults.rate) return undefined;
  const index = Math.min(faults.kinds.length - 1, Math.floor(random() * faults.kinds.length));
  return faults.kinds[index];
}
