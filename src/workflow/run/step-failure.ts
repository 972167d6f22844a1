import type { Step } from '../document/step.ts';

/** Where a failure came from: the innermost step's name, and the keys of the steps it ended, inside out. */
interface StepFailure {
  readonly step: string;
  readonly keys: string[];
}

const failures = new WeakMap<object, StepFailure>();

/**
 * Notes that `thrown` ended `step` (at `key`) and gives it back, to be thrown on. The block runner calls
 * this for every step that fails: the innermost step is noted first and named, so `error.step` in a
 * `catch` names the step that actually failed, however deep; each enclosing step adds its key.
 *
 * @example
 * await kind.execute(step, execution).catch((thrown: unknown) => { throw noteStepFailure(thrown, step, key); });
 */
export function noteStepFailure(thrown: unknown, step: Step, key: string): unknown {
  if (typeof thrown !== 'object' || thrown === null) return thrown;
  const failure = failures.get(thrown);
  if (failure === undefined) failures.set(thrown, { step: stepName(step), keys: [key] });
  else failure.keys.push(key);
  return thrown;
}

/**
 * The name of the step a failure came from, if the block runner noted one.
 *
 * @example
 * failedStepOf(error); // 'draft'
 */
export function failedStepOf(thrown: unknown): string | undefined {
  return typeof thrown === 'object' && thrown !== null ? failures.get(thrown)?.step : undefined;
}

/**
 * The keys of the steps a failure ended, innermost first (`step-2/for/1/0`, `step-2`).
 *
 * @example
 * failedKeysOf(error).find((key) => /^step-\d+$/.test(key)); // the workflow's own step that failed
 */
export function failedKeysOf(thrown: unknown): readonly string[] {
  return typeof thrown === 'object' && thrown !== null ? (failures.get(thrown)?.keys ?? []) : [];
}

/**
 * How `error.step` names a step: its id, else an agent step's description, else its 0-based index in
 * its list as text (as `continue_on_error` does).
 *
 * @example
 * stepName(step); // 'draft', 'writes the code' or '2'
 */
export function stepName(step: Step): string {
  if (step.id !== undefined) return step.id.value;
  if (step.kind === 'agent' && step.description !== undefined) return step.description;
  return String(step.index);
}
