import { isScalar, type ParsedNode } from 'yaml';
import type { Located } from '../document/located.ts';
import { describeNode } from './describe-node.ts';
import type { LoadContext } from './load-context.ts';
import { substituteInScalar } from './read-scalar.ts';
import { resolveNode } from './resolve-node.ts';

const MONEY = /^\$?(\d+(?:\.\d+)?|\.\d+)$/;

/** The forms an amount of money may take, for messages. */
export const MONEY_FORM = '"$0.50" or a number of dollars';

/**
 * Dollars of an amount written as `$0.50`, `$1`, `$10.00`, `.25` or a bare number of dollars (`2`,
 * `1.5`); `undefined` for anything else: negative amounts, `$`, `$1.2.3`, other currencies (`€5`).
 *
 * @example
 * parseMoney('$0.50'); // 0.5
 * parseMoney('1.5');   // 1.5
 * parseMoney('€5');    // undefined
 */
export function parseMoney(text: string): number | undefined {
  const match = MONEY.exec(text.trim());
  return match === null ? undefined : Number(match[1]);
}

/**
 * Reads an amount of money in dollars (see {@link parseMoney}), with `${VAR}` substituted: a YAML number
 * is dollars. A list, a map, `true` or nothing is `invalid_type`; a negative amount is `invalid_value`;
 * other text (`€5`, `$1.2.3`) is `invalid_money`. Each is reported at the value.
 *
 * @example
 * const budget = readMoney(context, entry.value, "`budget` of agent 'Coder'"); // { value: 0.5, span }
 */
export function readMoney(
  context: LoadContext,
  raw: ParsedNode | null,
  label: string,
): Located<number> | undefined {
  const node = resolveNode(context, raw);
  const span = context.spanOf(node);
  const value = isScalar(node) ? node.value : undefined;
  const expected = `${label} must be an amount of money like ${MONEY_FORM}`;
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (value >= 0) return { value, span };
    context.report('error', 'invalid_value', `${label} cannot be negative, got ${value}`, span);
    return undefined;
  }
  if (typeof value !== 'string' || node === null) {
    const code = typeof value === 'number' ? 'invalid_money' : 'invalid_type';
    context.report('error', code, `${expected}, got ${describeNode(node)}`, span);
    return undefined;
  }
  const text = substituteInScalar(context, node, value).trim();
  const dollars = parseMoney(text);
  if (dollars !== undefined) return { value: dollars, span };
  if (isNegativeMoney(text)) {
    context.report('error', 'invalid_value', `${label} cannot be negative, got '${text}'`, span);
  } else {
    context.report(
      'error',
      'invalid_money',
      `${expected}, got ${describeNode(node)}`,
      span,
      'amounts are in US dollars: write $0.25, "$1", $10.00 or 1.5',
    );
  }
  return undefined;
}

/** `-$1`, `$-1` or `-1`: an amount, but negative. */
function isNegativeMoney(text: string): boolean {
  const positive = text.replace(/^(-\$|\$-|-)/, () => '$');
  return positive !== text && parseMoney(positive) !== undefined;
}
