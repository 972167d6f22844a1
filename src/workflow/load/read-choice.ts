import type { ParsedNode } from 'yaml';
import { closestName } from '../../diagnostics/closest-name.ts';
import type { Located } from '../document/located.ts';
import type { LoadContext } from './load-context.ts';
import { readText } from './read-scalar.ts';

/**
 * Reads one word out of a fixed list. Any other word is reported as `invalid_value` at the value,
 * with "did you mean" when one of the choices is close.
 *
 * @example
 * const type = readChoice(context, entry.value, '`backoff.type`', ['exponential', 'linear', 'constant']);
 */
export function readChoice<Choice extends string>(
  context: LoadContext,
  raw: ParsedNode | null,
  label: string,
  choices: readonly Choice[],
): Located<Choice> | undefined {
  const text = readText(context, raw, label);
  if (text === undefined) return undefined;
  const choice = choices.find((candidate) => candidate === text.value);
  if (choice !== undefined) return { value: choice, span: text.span };
  const closest = closestName(text.value, choices);
  context.report(
    'error',
    'invalid_value',
    `${label} must be one of ${choices.join(', ')}, got '${text.value}'`,
    text.span,
    closest === undefined ? undefined : `did you mean '${closest}'?`,
  );
  return undefined;
}
