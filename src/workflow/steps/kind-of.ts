import type { Step } from '../document/step.ts';
import type { StepKind } from './step-kind.ts';
import { stepKinds } from './step-kinds.ts';

/**
 * The table entry of a step's kind. `StepKinds` ties each kind to its own step type; TypeScript cannot
 * follow that through an index by a union, so this is the one place that widens it.
 *
 * @example
 * await kindOf(step).execute(step, execution);
 */
export function kindOf(step: Step): StepKind<Step> {
  return stepKinds[step.kind] as unknown as StepKind<Step>;
}

/**
 * The kind selected by a control keyword, if this version implements it.
 *
 * @example
 * kindForKeyword('set'); // setStepKind
 */
export function kindForKeyword(keyword: string): StepKind<Step> | undefined {
  const kinds: readonly StepKind<Step>[] = Object.values(stepKinds) as unknown as StepKind<Step>[];
  return kinds.find((kind) => kind.keyword === keyword);
}

/**
 * The kind that reads agent steps.
 *
 * @example
 * agentKind().parse(item, context);
 */
export function agentKind(): StepKind<Step> {
  return stepKinds.agent as unknown as StepKind<Step>;
}
