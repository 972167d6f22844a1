import { isSeq } from 'yaml';
import { describeNode } from './describe-node.ts';
import type { LoadContext } from './load-context.ts';
import type { MapEntry } from './map-entries.ts';
import { readPlainValue } from './read-plain-value.ts';

/**
 * Reads an `enum:` list of allowed values (of an input or a tool parameter); reports anything but a list.
 *
 * @example
 * draft.enum = readEnumList(context, entry, "`enum` of input 'tone'") ?? draft.enum;
 */
export function readEnumList(context: LoadContext, entry: MapEntry, label: string): unknown[] | undefined {
  if (!isSeq(entry.value)) {
    context.report(
      'error',
      'invalid_type',
      `${label} must be a list, got ${describeNode(entry.value)}`,
      entry.valueSpan,
    );
    return undefined;
  }
  return readPlainValue(context, entry.value) as unknown[];
}
