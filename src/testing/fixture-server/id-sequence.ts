/** Deterministic provider-style ids: one counter per prefix, so the first Anthropic message is `msg_1`. */
export interface IdSequence {
  /** The next id for `prefix`, e.g. `next('toolu_')` → `toolu_1`, then `toolu_2`. */
  next(prefix: string): string;
}

/**
 * Creates an id sequence whose counters all start at 1.
 *
 * @example
 * const ids = createIdSequence();
 * ids.next('call_'); // 'call_1'
 * ids.next('call_'); // 'call_2'
 * ids.next('msg_'); // 'msg_1'
 */
export function createIdSequence(): IdSequence {
  const counters = new Map<string, number>();
  return {
    next(prefix) {
      const count = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, count);
      return `${prefix}${count}`;
    },
  };
}
