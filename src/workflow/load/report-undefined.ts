import { closestName } from '../../diagnostics/closest-name.ts';
import type { SourceSpan } from '../../diagnostics/source-span.ts';
import type { PathSegment } from '../template/expression.ts';
import type { LoadContext } from './load-context.ts';

/** Where an undefined reference was found: the file, the workflow, the `{{` of the reference. */
export interface ReferencePlace {
  readonly context: LoadContext;
  readonly workflow: string;
  readonly span: SourceSpan;
}

/**
 * Reports `{{name}}` for a name not defined at that point, listing the defined names and suggesting
 * the closest.
 *
 * @example
 * reportUndefinedName(place, 'tsk', ['task', 'tone']);
 */
export function reportUndefinedName(place: ReferencePlace, name: string, defined: readonly string[]): void {
  const closest = closestName(name, defined);
  const listed =
    defined.length === 0 ? 'nothing is defined before this step' : `defined here: ${defined.join(', ')}`;
  place.context.report(
    'error',
    'undefined_variable',
    `undefined variable '${name}' in workflow '${place.workflow}'`,
    place.span,
    closest === undefined ? listed : `did you mean '${closest}'? (${listed})`,
  );
}

/**
 * Reports `{{inputs.name}}` for an input the workflow does not declare.
 *
 * @example
 * reportUnknownInput(place, 'tsk', ['task']);
 */
export function reportUnknownInput(
  place: ReferencePlace,
  name: PathSegment,
  inputs: readonly string[],
): void {
  const closest = closestName(String(name), inputs);
  const listed = inputs.length === 0 ? 'it declares no inputs' : `its inputs: ${inputs.join(', ')}`;
  place.context.report(
    'error',
    'undefined_variable',
    `workflow '${place.workflow}' has no input '${String(name)}'`,
    place.span,
    closest === undefined ? listed : `did you mean '${closest}'?`,
  );
}

/**
 * Reports `{{steps.id.field}}` for an id no earlier step has, or a field other than `output`.
 *
 * @example
 * reportUnknownStep(place, ['draft', 'summary'], ['draft']);
 */
export function reportUnknownStep(
  place: ReferencePlace,
  path: readonly PathSegment[],
  ids: readonly string[],
): void {
  const [id, field] = path;
  if (typeof id === 'string' && ids.includes(id)) {
    place.context.report(
      'error',
      'undefined_variable',
      `steps.${id} has no field '${String(field)}'`,
      place.span,
      `use steps.${id}.output`,
    );
    return;
  }
  const closest = typeof id === 'string' ? closestName(id, ids) : undefined;
  const listed =
    ids.length === 0 ? 'give an earlier step an `id:`' : `step ids defined here: ${ids.join(', ')}`;
  place.context.report(
    'error',
    'undefined_variable',
    `no step with id '${String(id)}' before this point in workflow '${place.workflow}'`,
    place.span,
    closest === undefined ? listed : `did you mean '${closest}'?`,
  );
}
