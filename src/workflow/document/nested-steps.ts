import type { Step } from './step.ts';

/**
 * The blocks of steps a step holds (`then` and `else`, a loop's `steps`, `try`/`catch`/`finally`, a
 * `compensate:` block); none for the others.
 *
 * @example
 * const all = (steps: readonly Step[]): Step[] => steps.flatMap((step) => [step, ...nestedSteps(step).flat()]);
 */
export function nestedSteps(step: Step): readonly (readonly Step[])[] {
  return step.compensate === undefined ? ownBlocks(step) : [...ownBlocks(step), step.compensate];
}

function ownBlocks(step: Step): readonly (readonly Step[])[] {
  if (step.kind === 'if') return [step.thenSteps, step.elseSteps];
  if (step.kind === 'for' || step.kind === 'repeat') return [step.steps];
  if (step.kind === 'parallel') return [step.branches];
  if (step.kind === 'try') return [step.steps, step.catchSteps ?? [], step.finallySteps ?? []];
  return [];
}

/**
 * Every step of a list, each followed by the steps nested in it, depth first.
 *
 * @example
 * const agents = allSteps(workflow.steps).flatMap((step) => (step.kind === 'agent' ? [step.agent] : []));
 */
export function allSteps(steps: readonly Step[]): Step[] {
  return steps.flatMap((step) => [step, ...nestedSteps(step).flatMap(allSteps)]);
}
