import type { Step } from '../document/step.ts';
import { ReturnSignal } from './return-signal.ts';
import { stepErrorOf } from './step-error-of.ts';
import type { StepError } from './workflow-result.ts';

/** The `compensate:` block of a step that completed, and that step's journal key. */
export interface Compensation {
  readonly steps: readonly Step[];
  /** The completed step's key (`step-2`, `step-3/for/1/0`): its compensation runs at `<key>/compensate`. */
  readonly key: string;
  /**
   * The names readable when the step completed: a compensation that runs after its loop has ended
   * still reads the loop variables (`item`, `loop`) of the iteration it undoes.
   */
  readonly scope?: ReadonlyMap<string, unknown>;
}

/** The property of a failure that holds what went wrong while compensating it. */
const COMPENSATION_ERRORS = 'compensationErrors';

/**
 * The compensations of one workflow run (a sub-workflow has its own), in the order their steps
 * completed. When a failure leaves the workflow, {@link unwind} runs them newest first.
 *
 * @example
 * const stack = new CompensationStack();
 * stack.push({ steps: step.compensate, key: 'step-0' });
 * await stack.unwind(failure, signal, (compensation) => runBlock(run, compensation.steps, `${compensation.key}/compensate`));
 */
export class CompensationStack {
  readonly #entries: Compensation[] = [];

  /** How many compensations are kept. */
  get size(): number {
    return this.#entries.length;
  }

  push(compensation: Compensation): void {
    this.#entries.push(compensation);
  }

  /**
   * Runs every compensation, newest first, each once. A compensation that fails does not stop the
   * others: its error is kept on `failure` as `compensationErrors` (see {@link compensationErrorsOf}).
   * An aborted run stops compensating. Gives the errors.
   */
  async unwind(
    failure: unknown,
    signal: AbortSignal,
    run: (compensation: Compensation) => Promise<unknown>,
  ): Promise<readonly StepError[]> {
    const errors: StepError[] = [];
    for (let next = this.#entries.pop(); next !== undefined; next = this.#entries.pop()) {
      if (signal.aborted) break;
      try {
        await run(next);
      } catch (thrown) {
        // `return` inside a compensation only ends that compensation.
        if (ReturnSignal.isReturnSignal(thrown)) continue;
        if (signal.aborted) break;
        errors.push(stepErrorOf(thrown, next.key));
      }
    }
    if (errors.length > 0 && typeof failure === 'object' && failure !== null) {
      Object.defineProperty(failure, COMPENSATION_ERRORS, {
        value: [...compensationErrorsOf(failure), ...errors],
        configurable: true,
        enumerable: false,
        writable: false,
      });
    }
    return errors;
  }
}

/**
 * What failed while compensating a failure, in the order it happened; empty when every compensation
 * ran through (or there was none).
 *
 * @example
 * for (const problem of compensationErrorsOf(error)) console.error(`compensation failed: ${problem.message}`);
 */
export function compensationErrorsOf(failure: unknown): readonly StepError[] {
  if (typeof failure !== 'object' || failure === null) return [];
  const errors = (failure as Record<string, unknown>)[COMPENSATION_ERRORS];
  return Array.isArray(errors) ? (errors as StepError[]) : [];
}
