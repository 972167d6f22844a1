import { isScalar, type ParsedNode } from 'yaml';
import type { Located } from '../document/located.ts';
import { describeNode } from './describe-node.ts';
import type { LoadContext } from './load-context.ts';
import { substituteInScalar } from './read-scalar.ts';
import { resolveNode } from './resolve-node.ts';

const MILLISECONDS_PER_UNIT: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const DURATION = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h)?$/;

/** The forms a duration may take, for hints. */
export const DURATION_FORMS = '500ms, 1s, 1.5s, 10m, 2h, or a number of seconds';

/**
 * Milliseconds of a duration written as `500ms`, `1s`, `1.5s`, `10m`, `2h` or a bare number of
 * seconds (`30`, `0.25`), rounded to a whole millisecond; `undefined` for anything else, negative
 * durations included.
 *
 * @example
 * parseDuration('1.5s'); // 1500
 * parseDuration('10m');  // 600000
 * parseDuration('soon'); // undefined
 */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (match === null) return undefined;
  const [, amount = '', unit = 's'] = match;
  return Math.round(Number(amount) * (MILLISECONDS_PER_UNIT[unit] ?? 1_000));
}

/**
 * Reads a duration (see {@link parseDuration}) in milliseconds, with `${VAR}` substituted. Anything
 * else is reported at the value as `invalid_duration`, with the accepted forms as the hint.
 *
 * @example
 * const window = readDuration(context, entry.value, '`supervision.window` of agent \'Coder\'');
 */
export function readDuration(
  context: LoadContext,
  raw: ParsedNode | null,
  label: string,
): Located<number> | undefined {
  const node = resolveNode(context, raw);
  const span = context.spanOf(node);
  const value = isScalar(node) ? node.value : undefined;
  let milliseconds: number | undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    milliseconds = Math.round(value * 1_000);
  } else if (typeof value === 'string' && node !== null) {
    milliseconds = parseDuration(substituteInScalar(context, node, value));
  }
  if (milliseconds === undefined) {
    context.report(
      'error',
      'invalid_duration',
      `${label} must be a duration, got ${describeNode(node)}`,
      span,
      `write it like ${DURATION_FORMS}`,
    );
    return undefined;
  }
  return { value: milliseconds, span };
}
