import { VegaError } from '../../errors/vega-error.ts';

/**
 * A resumed run got past the step whose failure it had already compensated: the steps before it were
 * undone, so going on would build on work that no longer exists. The run compensates what the resume
 * did and stops with this error (code `run_compensated`); start a new run instead.
 *
 * @example
 * if (RunCompensated.isRunCompensated(error)) console.error(`start a new run: ${error.message}`);
 */
export class RunCompensated extends VegaError {
  /** The step whose failure was compensated: its journal key. */
  readonly key: string;

  constructor(key: string) {
    super(
      'run_compensated',
      `this run failed at ${key} and its completed steps were compensated; it cannot go on past that step`,
      { hint: 'start a new run: resuming a compensated run only finishes its compensations' },
    );
    this.name = 'RunCompensated';
    this.key = key;
  }

  static isRunCompensated(error: unknown): error is RunCompensated {
    return VegaError.isInstance(error) && error.code === 'run_compensated';
  }
}
