import type { Located } from '../document/located.ts';
import type { SaveTarget } from '../document/step.ts';
import { checkVariableName } from '../load/check-variable-name.ts';
import type { LoadContext } from '../load/load-context.ts';
import type { MapEntry } from '../load/map-entries.ts';
import { readText } from '../load/read-scalar.ts';
import { readTemplate } from '../load/read-template.ts';

/**
 * Reads `save:`, the name of the variable that receives a step's value: a name, or a template whose
 * value is the name (`"result_{{loop.index}}"`). The literal text of a template must fit in a name
 * (letters, digits, `_`); what its expressions give is checked when the step saves.
 *
 * @example
 * const save = readSaveName(context, keys.get('save'));
 */
export function readSaveName(context: LoadContext, entry: MapEntry | undefined): SaveTarget | undefined {
  if (entry === undefined) return undefined;
  const name = readText(context, entry.value, '`save`');
  if (name === undefined) return undefined;
  if (!name.value.includes('{{')) {
    return checkVariableName(context, name.value, name.span, 'variable') ? name : undefined;
  }
  const template = readTemplate(context, entry.value, '`save`');
  if (template === undefined) return undefined;
  // Each `{{ … }}` stands for some name characters: the literal text around them must fit a name.
  const shape = template.segments.map((segment) => (segment.kind === 'text' ? segment.text : 'x')).join('');
  if (!/^[A-Za-z_]\w*$/.test(shape)) {
    context.report(
      'error',
      'invalid_name',
      `invalid variable name '${name.value}'`,
      name.span,
      'the text around {{ … }} must be letters, digits and _ (not first a digit), like "result_{{loop.index}}"',
    );
    return undefined;
  }
  return { ...name, template };
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
