import { agentStepKind } from './agent-step-kind.ts';
import { recallStepKind } from './recall-step-kind.ts';
import { rememberStepKind } from './remember-step-kind.ts';
import { setStepKind } from './set-step-kind.ts';
import type { StepKinds } from './step-kind.ts';

/**
 * Every kind of step this version parses, checks and runs. Control steps of the spec that are not in
 * this table (`if`, `for`, `repeat`, `parallel`, …) are recognised and reported as unsupported.
 *
 * @example
 * const kind = stepKinds[step.kind];
 */
export const stepKinds: StepKinds = {
  agent: agentStepKind,
  set: setStepKind,
  remember: rememberStepKind,
  recall: recallStepKind,
};
