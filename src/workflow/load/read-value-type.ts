import { closestName } from '../../diagnostics/closest-name.ts';
import type { InputType } from '../document/workflow-definition.ts';
import { INPUT_TYPES } from '../inputs/check-input-value.ts';
import type { LoadContext } from './load-context.ts';
import type { MapEntry } from './map-entries.ts';
import { readText } from './read-scalar.ts';

/**
 * Reads a value type (`string`, `number`, `integer`, `boolean`, `array`, `object`) of an input or a
 * tool parameter; an unknown one is reported with `unknown` as its message and a did-you-mean hint.
 *
 * @example
 * const type = readValueType(context, entry, "`type` of input 'tone'", (name) => `unknown input type '${name}'`);
 */
export function readValueType(
  context: LoadContext,
  entry: MapEntry,
  label: string,
  unknown: (name: string) => string,
): InputType | undefined {
  const type = readText(context, entry.value, label);
  if (type === undefined) return undefined;
  const known = INPUT_TYPES.find((candidate) => candidate === type.value);
  if (known !== undefined) return known;
  const closest = closestName(type.value, INPUT_TYPES);
  context.report(
    'error',
    'invalid_value',
    unknown(type.value),
    type.span,
    closest === undefined ? `types: ${INPUT_TYPES.join(', ')}` : `did you mean '${closest}'?`,
  );
  return undefined;
}
