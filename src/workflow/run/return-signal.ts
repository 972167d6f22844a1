const marker = Symbol.for('vega.workflow-return');

/**
 * How a `return` step ends its workflow from any depth: thrown through the blocks that hold it (so
 * their `finally` runs) and caught where the workflow began, whose output becomes `value`. It is a
 * control-flow signal, not an `Error`: `try`/`catch` never catches it, compensations do not run for it,
 * and nothing reports it as a failure.
 *
 * @example
 * try { await runBlock(run, workflow.steps); } catch (thrown) {
 *   if (ReturnSignal.isReturnSignal(thrown)) return thrown.value;
 *   throw thrown;
 * }
 */
export class ReturnSignal {
  readonly [marker] = true;
  /** The workflow's output. */
  readonly value: unknown;

  constructor(value: unknown) {
    this.value = value;
  }

  static isReturnSignal(thrown: unknown): thrown is ReturnSignal {
    return (
      typeof thrown === 'object' && thrown !== null && (thrown as Record<symbol, unknown>)[marker] === true
    );
  }
}
