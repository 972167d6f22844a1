import { agentStepKind } from './agent-step-kind.ts';
import { forStepKind } from './for-step-kind.ts';
import { ifStepKind } from './if-step-kind.ts';
import { parallelStepKind } from './parallel-step-kind.ts';
import { recallStepKind } from './recall-step-kind.ts';
import { rememberStepKind } from './remember-step-kind.ts';
import { repeatStepKind } from './repeat-step-kind.ts';
import { returnStepKind } from './return-step-kind.ts';
import { setStepKind } from './set-step-kind.ts';
import type { StepKinds } from './step-kind.ts';
import { tryStepKind } from './try-step-kind.ts';
import { workflowStepKind } from './workflow-step-kind.ts';

/**
 * Every kind of step this version parses, checks and runs. Control steps of the spec that are not in
 * this table (`parallel`, `workflow`, `try`, …) are recognised and reported as unsupported.
 *
 * @example
 * const kind = stepKinds[step.kind];
 */
export const stepKinds: StepKinds = {
  agent: agentStepKind,
  set: setStepKind,
  remember: rememberStepKind,
  recall: recallStepKind,
  if: ifStepKind,
  for: forStepKind,
  repeat: repeatStepKind,
  parallel: parallelStepKind,
  try: tryStepKind,
  return: returnStepKind,
  workflow: workflowStepKind,
};
