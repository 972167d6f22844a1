import type { CircuitBreakerOptions } from '../../policy/policy-options.ts';
import type { BlockPlace, WrittenBlock } from './block-draft.ts';
import { readBlock } from './block-draft.ts';
import { circuitBreakerKeys } from './circuit-breaker-keys.ts';
import type { LoadContext } from './load-context.ts';
import type { MapEntry } from './map-entries.ts';

/**
 * Reads a `circuit_breaker:` block as written: `{ threshold, reset_after, half_open_max }`. It is
 * resolved over its base by {@link resolveCircuitBreaker}. A block with errors gives `undefined`.
 *
 * @example
 * const breaker = readCircuitBreaker(context, entry, { path: 'circuit_breaker', owner: " of agent 'Coder'" });
 */
export function readCircuitBreaker(
  context: LoadContext,
  entry: MapEntry,
  place: BlockPlace,
): WrittenBlock<CircuitBreakerOptions> | undefined {
  return readBlock(context, entry, place, circuitBreakerKeys);
}

/**
 * The breaker a block gives, field by field over `base`; without a block, `base`.
 *
 * @example
 * resolveCircuitBreaker(block, DEFAULT_CIRCUIT_BREAKER); // { threshold: 3, resetAfterMs: 30000, halfOpenMax: 1 }
 */
export function resolveCircuitBreaker(
  block: WrittenBlock<CircuitBreakerOptions> | undefined,
  base: CircuitBreakerOptions,
): CircuitBreakerOptions {
  return block === undefined ? base : { ...base, ...block.value };
}
