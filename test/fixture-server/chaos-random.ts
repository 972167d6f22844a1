/**
 * A `random` that returns the given numbers in order, then fails the test loudly, so a test states every
 * draw the server makes.
 *
 * @example
 * const random = randomSequence(0.1, 0.9);
 * random(); // 0.1
 */
export function randomSequence(...values: number[]): () => number {
  let next = 0;
  return () => {
    const value = values[next++];
    if (value === undefined) throw new Error(`randomSequence: draw #${next} was not scripted.`);
    return value;
  };
}
