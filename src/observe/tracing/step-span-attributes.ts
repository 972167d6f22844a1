import type { Attributes } from '@opentelemetry/api';
import { ATTRIBUTES } from './span-names.ts';

/**
 * The attributes of a `vega.step <label>` span: the step's index, kind and journal key, its agent for
 * an agent step, and the run.
 *
 * @example
 * inSpan(`vega.step ${label}`, () => stepSpanAttributes(step, 'step-2', runId), run);
 */
export function stepSpanAttributes(
  step: { readonly index: number; readonly kind: string; readonly agent?: string },
  key: string,
  runId: string | undefined,
): Attributes {
  const attributes: Attributes = {
    [ATTRIBUTES.stepIndex]: step.index,
    [ATTRIBUTES.stepKind]: step.kind,
    [ATTRIBUTES.stepKey]: key,
  };
  if (step.agent !== undefined) attributes[ATTRIBUTES.agentName] = step.agent;
  if (runId !== undefined) attributes[ATTRIBUTES.runId] = runId;
  return attributes;
}
