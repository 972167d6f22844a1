import type { Located } from '../document/located.ts';
import { applyKeyTable, type KeyTable } from './key-table.ts';
import type { LoadContext } from './load-context.ts';
import { type MapEntry, readMapEntries } from './map-entries.ts';

/** Where a block is, for messages: `` `retry` `` of agent 'Coder', or `` `settings.retry` ``. */
export interface BlockPlace {
  /** The key path as written: `supervision`, `settings.supervision.backoff`. */
  readonly path: string;
  /** Who has the block, after the path: ` of agent 'Coder'`, or nothing for settings and steps. */
  readonly owner: string;
}

/** A block of options while its keys are read: where it is, and the fields read so far. */
export interface BlockDraft<Options> {
  readonly place: BlockPlace;
  readonly fields: { -readonly [Key in keyof Options]?: Options[Key] };
}

/** A block's fields as written, at its key (where problems of the whole block are reported). */
export interface WrittenBlock<Options> extends Located<BlockDraft<Options>['fields']> {
  readonly place: BlockPlace;
}

/**
 * How messages name a block, or one of its keys.
 *
 * @example
 * blockLabel({ path: 'retry', owner: " of agent 'Coder'" }, 'max_attempts'); // "`retry.max_attempts` of agent 'Coder'"
 */
export function blockLabel(place: BlockPlace, key?: string): string {
  return `\`${key === undefined ? place.path : `${place.path}.${key}`}\`${place.owner}`;
}

/**
 * Sets one field of a draft when its reader gave a value (a reader that reported an error gives none).
 *
 * @example
 * setField(draft, 'maxAttempts', readNumber(context, entry.value, label, { integer: true, minimum: 1 })?.value);
 */
export function setField<Options, Key extends keyof Options>(
  draft: BlockDraft<Options>,
  key: Key,
  value: Options[Key] | undefined,
): void {
  if (value !== undefined) draft.fields[key] = value;
}

/**
 * Reads a map of options through its key table: unknown keys with "did you mean", each value checked
 * where it is. Gives the fields as written, at the block's key, or `undefined` when the block had any
 * error (filling the gaps the errors left with defaults would only hide them).
 *
 * @example
 * const block = readBlock(context, entry, { path: 'retry', owner: " of agent 'Coder'" }, retryKeys);
 */
export function readBlock<Options>(
  context: LoadContext,
  entry: MapEntry,
  place: BlockPlace,
  table: KeyTable<BlockDraft<Options>>,
): WrittenBlock<Options> | undefined {
  const entries = readMapEntries(context, entry.value, blockLabel(place));
  if (entries === undefined) return undefined;
  const errorsBefore = countErrors(context);
  const draft: BlockDraft<Options> = { place, fields: {} };
  applyKeyTable(context, entries, table, draft, blockLabel(place));
  if (countErrors(context) !== errorsBefore) return undefined;
  return { value: draft.fields, span: entry.keySpan, place };
}

/**
 * How many errors the file has so far, to tell whether reading a part of it added any.
 *
 * @example
 * const before = countErrors(context);
 */
export function countErrors(context: LoadContext): number {
  return context.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
}
