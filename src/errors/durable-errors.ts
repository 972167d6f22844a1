import { VegaError } from './vega-error.ts';

/**
 * A resumed run reached an effect that started before the interruption but has no recorded end, and
 * that is not idempotent (a tool that sends an e-mail, say): Vega cannot know whether it happened, so
 * the run stops rather than do it twice.
 *
 * @example
 * catch (error) { if (OutcomeUnknown.isOutcomeUnknown(error)) console.log(error.key, error.kind); }
 */
export class OutcomeUnknown extends VegaError {
  readonly runId: string;
  readonly key: string;
  readonly kind: string;
  readonly request: unknown;

  constructor(runId: string, key: string, kind: string, request: unknown) {
    super(
      'outcome_unknown',
      `Run ${runId} cannot resume: the ${kind} '${key}' started before the interruption and did not record an end, and it is not idempotent, so whether it happened is unknown.`,
      {
        hint: 'Check by hand whether it took effect, then mark the tool idempotent if running it again is safe, or start a new run.',
      },
    );
    this.name = 'OutcomeUnknown';
    this.runId = runId;
    this.key = key;
    this.kind = kind;
    this.request = request;
  }

  static isOutcomeUnknown(error: unknown): error is OutcomeUnknown {
    return VegaError.isInstance(error) && error.code === 'outcome_unknown';
  }
}

/**
 * A resumed or replayed run's code no longer matches its journal: at `key` the journal recorded one
 * thing (`recorded`) and the code now asks for another (`actual`).
 *
 * @example
 * catch (error) { if (RunDivergence.isRunDivergence(error)) console.log(error.key, error.reason); }
 */
export class RunDivergence extends VegaError {
  readonly runId: string;
  readonly key: string;
  /** What differs, in words: `the request differs`, `no such effect was recorded`. */
  readonly reason: string;
  readonly recorded: unknown;
  readonly actual: unknown;

  constructor(runId: string, key: string, reason: string, recorded: unknown, actual: unknown) {
    super('run_diverged', `Run ${runId} diverged from its journal at '${key}': ${reason}.`, {
      hint: 'The code or workflow changed since the run was recorded. Replay it with the version that recorded it, or start a new run.',
    });
    this.name = 'RunDivergence';
    this.runId = runId;
    this.key = key;
    this.reason = reason;
    this.recorded = recorded;
    this.actual = actual;
  }

  static isRunDivergence(error: unknown): error is RunDivergence {
    return VegaError.isInstance(error) && error.code === 'run_diverged';
  }
}

/** No run has this id (or unique id prefix) in the store. */
export class RunNotFound extends VegaError {
  readonly runId: string;

  constructor(runId: string, location: string) {
    super('run_not_found', `No run '${runId}' in the store at ${location}.`, {
      hint: "List runs with 'vega runs'; pass --store (or set VEGA_STORE) if the run is in another store.",
    });
    this.name = 'RunNotFound';
    this.runId = runId;
  }
}

/** The run cannot be resumed (it completed), or cannot be replayed (it has not finished). */
export class RunStateError extends VegaError {
  readonly runId: string;
  readonly status: string;

  constructor(runId: string, status: string, message: string, hint: string) {
    super('run_state', message, { hint });
    this.name = 'RunStateError';
    this.runId = runId;
    this.status = status;
  }

  static isRunStateError(error: unknown): error is RunStateError {
    return VegaError.isInstance(error) && error.code === 'run_state';
  }
}
