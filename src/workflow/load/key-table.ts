import { closestName } from '../../diagnostics/closest-name.ts';
import type { SourceSpan } from '../../diagnostics/source-span.ts';
import type { LoadContext } from './load-context.ts';
import type { MapEntry } from './map-entries.ts';

/** Reads one key's value into the draft being built. */
export type KeyReader<Draft> = (entry: MapEntry, context: LoadContext, draft: Draft) => void;

/**
 * The keys a map may have. A key with a reader is implemented; `'unsupported'` marks a key of the
 * spec this version recognises (so "did you mean" can suggest it) but refuses, loudly.
 * Implementing a key later is replacing `'unsupported'` with its reader.
 */
export interface KeyTable<Draft> {
  /** How the unsupported message names the place: `on agents`, `in settings`, `in a workflow file`. */
  readonly place: string;
  readonly keys: Readonly<Record<string, KeyReader<Draft> | 'unsupported'>>;
}

/**
 * Runs each entry through the table: unknown keys are errors with "did you mean", unsupported keys
 * are errors naming the key, known keys are read into `draft`. Returns the span of each key's value.
 *
 * @example
 * const fieldSpans = applyKeyTable(context, entries, agentKeys, draft, `agent '${id}'`);
 */
export function applyKeyTable<Draft>(
  context: LoadContext,
  entries: readonly MapEntry[],
  table: KeyTable<Draft>,
  draft: Draft,
  owner: string,
): Record<string, SourceSpan> {
  const fieldSpans: Record<string, SourceSpan> = {};
  const known = Object.keys(table.keys);
  for (const entry of entries) {
    const reader = Object.hasOwn(table.keys, entry.key) ? table.keys[entry.key] : undefined;
    if (reader === undefined) {
      const closest = closestName(entry.key, known);
      context.report(
        'error',
        'unknown_key',
        `unknown key '${entry.key}' in ${owner}`,
        entry.keySpan,
        closest === undefined ? `valid keys: ${known.join(', ')}` : `did you mean '${closest}'?`,
      );
    } else if (reader === 'unsupported') {
      reportUnsupported(context, `\`${entry.key}\` ${table.place}`, entry.keySpan, entry.key);
    } else {
      fieldSpans[entry.key] = entry.valueSpan;
      reader(entry, context, draft);
    }
  }
  return fieldSpans;
}

/**
 * Reports a feature of the spec that this version refuses rather than ignores.
 *
 * @example
 * reportUnsupported(context, '`knowledge` on agents', entry.keySpan, 'knowledge');
 */
export function reportUnsupported(
  context: LoadContext,
  what: string,
  span: SourceSpan,
  key: string,
  options: { plural?: boolean } = {},
): void {
  context.report(
    'error',
    'unsupported',
    `${what} ${options.plural === true ? 'are' : 'is'} not supported yet by this version of Vega`,
    span,
    `remove \`${key}\` to run this file with this version`,
  );
}
