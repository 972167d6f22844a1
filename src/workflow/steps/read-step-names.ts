import type { Located } from '../document/located.ts';
import { checkVariableName } from '../load/check-variable-name.ts';
import { reportUnsupported } from '../load/key-table.ts';
import type { LoadContext } from '../load/load-context.ts';
import type { MapEntry } from '../load/map-entries.ts';
import { readText } from '../load/read-scalar.ts';

/**
 * Reads `save:`, the name of the variable that receives a step's value.
 *
 * @example
 * const save = readSaveName(context, keys.get('save'));
 */
export function readSaveName(context: LoadContext, entry: MapEntry | undefined): Located<string> | undefined {
  if (entry === undefined) return undefined;
  const name = readText(context, entry.value, '`save`');
  if (name === undefined) return undefined;
  if (name.value.includes('{{')) {
    reportUnsupported(context, 'a template in `save`', name.span, 'save');
    return undefined;
  }
  return checkVariableName(context, name.value, name.span, 'variable') ? name : undefined;
}

/**
 * Reads `id:`, which makes the step's value readable as `steps.<id>.output`.
 *
 * @example
 * const id = readStepId(context, keys.get('id'));
 */
export function readStepId(context: LoadContext, entry: MapEntry | undefined): Located<string> | undefined {
  if (entry === undefined) return undefined;
  const id = readText(context, entry.value, '`id`');
  if (id === undefined) return undefined;
  return checkVariableName(context, id.value, id.span, 'step id') ? id : undefined;
}
