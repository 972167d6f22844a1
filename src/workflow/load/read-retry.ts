import { isMap, isScalar } from 'yaml';
import type { RetryOptions } from '../../policy/policy-options.ts';
import { type BlockPlace, blockLabel, readBlock, type WrittenBlock } from './block-draft.ts';
import { describeNode } from './describe-node.ts';
import type { LoadContext } from './load-context.ts';
import type { MapEntry } from './map-entries.ts';
import { readNumber } from './read-scalar.ts';
import { retryKeys } from './retry-keys.ts';

/**
 * Reads `retry:` as written: a map of {@link retryKeys}, or a bare number of attempts (`retry: 3` is
 * `{ max_attempts: 3 }`). The block is resolved over its base later, by {@link resolveRetry}, because
 * an agent's base is the settings' block and a step's is its agent's. A block with errors gives
 * `undefined`.
 *
 * @example
 * const retry = readRetry(context, entry, { path: 'retry', owner: " of agent 'Coder'" });
 */
export function readRetry(
  context: LoadContext,
  entry: MapEntry,
  place: BlockPlace,
): WrittenBlock<RetryOptions> | undefined {
  const node = entry.value;
  if (isMap(node)) return readBlock(context, entry, place, retryKeys);
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value === 'number' || (typeof value === 'string' && value.includes('${'))) {
    const attempts = readNumber(context, node, blockLabel(place), { integer: true, minimum: 1 });
    return attempts === undefined
      ? undefined
      : { value: { maxAttempts: attempts.value }, span: entry.keySpan, place };
  }
  context.report(
    'error',
    'invalid_type',
    `${blockLabel(place)} must be a number of attempts or a map, got ${describeNode(node)}`,
    entry.valueSpan,
    'write `retry: 3` or `retry: { max_attempts: 3, backoff: exponential, initial: 1s, max: 30s }`',
  );
  return undefined;
}

/**
 * The retry a block gives, field by field over `base`; without a block, `base`. An initial delay
 * longer than the cap once the base's fields are filled in is reported at the block's key as
 * `invalid_value`, and gives `base`.
 *
 * @example
 * const retry = resolveRetry(context, draft.retry, settings.retry ?? DEFAULT_RETRY);
 */
export function resolveRetry(
  context: LoadContext,
  block: WrittenBlock<RetryOptions> | undefined,
  base: RetryOptions,
): RetryOptions {
  if (block === undefined) return base;
  const retry: RetryOptions = { ...base, ...block.value };
  if (retry.initialMs <= retry.maxMs) return retry;
  context.report(
    'error',
    'invalid_value',
    `${blockLabel(block.place)}: the initial delay (${retry.initialMs}ms) is longer than the cap (${retry.maxMs}ms)`,
    block.span,
    block.value.maxMs === undefined
      ? `the cap comes from the defaults: set \`max\` to at least ${retry.initialMs}ms`
      : 'lower `initial` or raise `max`',
  );
  return base;
}
