import type { ParsedNode } from 'yaml';
import type { Located } from '../document/located.ts';
import type { LoadContext } from './load-context.ts';
import { readText } from './read-scalar.ts';

/**
 * Reads an `http://` or `https://` URL, with `${VAR}` substituted; anything else is reported at the
 * value as `invalid_value`.
 *
 * @example
 * const webhook = readHttpUrl(context, entry.value, '`settings.budget_webhook`');
 */
export function readHttpUrl(
  context: LoadContext,
  raw: ParsedNode | null,
  label: string,
): Located<string> | undefined {
  const text = readText(context, raw, label);
  if (text === undefined) return undefined;
  const url = text.value.trim();
  if (URL.canParse(url) && ['http:', 'https:'].includes(new URL(url).protocol))
    return { value: url, span: text.span };
  context.report(
    'error',
    'invalid_value',
    `${label} must be an http or https URL, got '${url}'`,
    text.span,
    'write it like https://hooks.example.com/budget',
  );
  return undefined;
}
