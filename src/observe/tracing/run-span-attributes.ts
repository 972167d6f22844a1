import type { Attributes } from '@opentelemetry/api';
import { ATTRIBUTES } from './span-names.ts';

/**
 * The attributes of a `vega.run` span: the run's id, kind and name (the workflow's name for a
 * workflow run), its parent run, and whether it resumed.
 *
 * @example
 * inSpan('vega.run', () => runSpanAttributes(run, false), body);
 */
export function runSpanAttributes(
  run: { readonly id: string; readonly kind: string; readonly name: string; readonly parentId?: string },
  resumed: boolean,
): Attributes {
  const attributes: Attributes = {
    [ATTRIBUTES.runId]: run.id,
    'vega.run.kind': run.kind,
    'vega.run.name': run.name,
    'vega.run.resumed': resumed,
  };
  if (run.kind === 'workflow') attributes[ATTRIBUTES.workflowName] = run.name;
  if (run.parentId !== undefined) attributes['vega.run.parent_id'] = run.parentId;
  return attributes;
}
