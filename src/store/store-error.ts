import { VegaError } from '../errors/vega-error.ts';

/** The stable codes a {@link StoreError} carries. */
export type StoreErrorCode =
  /** The row exists already (a run id), or a completed effect was started again. */
  | 'store_conflict'
  | 'run_not_found'
  | 'effect_not_found'
  /** A prefix given to `findRun` matches several runs. */
  | 'ambiguous_run_id'
  | 'store_closed'
  /** The database was migrated by a newer Vega than this one. */
  | 'store_too_new'
  /** The database cannot be opened or reached. */
  | 'store_unavailable'
  /** Another process kept the database locked for too long. */
  | 'store_busy'
  /** A value the database cannot keep (not JSON-able, a negative amount, a NUL character on PostgreSQL). */
  | 'store_invalid_value';

const storeErrorCodes: ReadonlySet<string> = new Set<StoreErrorCode>([
  'store_conflict',
  'run_not_found',
  'effect_not_found',
  'ambiguous_run_id',
  'store_closed',
  'store_too_new',
  'store_unavailable',
  'store_busy',
  'store_invalid_value',
]);

/** What a {@link StoreError} may say besides its code and message. */
export interface StoreErrorOptions {
  readonly hint?: string;
  readonly cause?: unknown;
  readonly runId?: string;
  readonly key?: string;
  /** Ids a prefix matched, for `ambiguous_run_id`. */
  readonly candidates?: readonly string[];
  /** The database, without its password. */
  readonly location?: string;
}

/**
 * A store operation failed for a reason callers may act on: switch on `code`.
 *
 * @example
 * try { await store.createRun(run); } catch (error) {
 *   if (StoreError.isStoreError(error, 'store_conflict')) console.log(`run ${error.runId} exists`);
 * }
 */
export class StoreError extends VegaError {
  override readonly code: StoreErrorCode;
  readonly runId: string | undefined;
  readonly key: string | undefined;
  readonly candidates: readonly string[] | undefined;
  readonly location: string | undefined;

  constructor(code: StoreErrorCode, message: string, options: StoreErrorOptions = {}) {
    super(code, message, {
      ...(options.hint === undefined ? {} : { hint: options.hint }),
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.name = 'StoreError';
    this.code = code;
    this.runId = options.runId;
    this.key = options.key;
    this.candidates = options.candidates;
    this.location = options.location;
  }

  /** Whether `error` is a store error, and when `code` is given, one with that code. */
  static isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
    return (
      VegaError.isInstance(error) &&
      storeErrorCodes.has(error.code) &&
      (code === undefined || error.code === code)
    );
  }
}

/** The error every call on a closed store rejects with. */
export function storeClosed(location: string): StoreError {
  return new StoreError('store_closed', `The store at ${location} is closed.`, {
    location,
    hint: 'Open the store again, or stop using it after close().',
  });
}

/** The error for a run id nobody created. */
export function runNotFound(runId: string): StoreError {
  return new StoreError('run_not_found', `No run with id '${runId}'.`, {
    runId,
    hint: "List runs with 'vega runs' to find the id.",
  });
}

/** The error for ending an effect that was never started. */
export function effectNotFound(runId: string, key: string): StoreError {
  return new StoreError('effect_not_found', `Run '${runId}' has no effect '${key}' to end.`, {
    runId,
    key,
    hint: 'Start an effect with startEffect before completing or failing it.',
  });
}

/** The error for starting an effect the journal has as completed: its result is replayed instead. */
export function effectCompleted(runId: string, key: string): StoreError {
  return new StoreError(
    'store_conflict',
    `Effect '${key}' of run '${runId}' is completed; it is replayed, not started again.`,
    { runId, key, hint: 'Read its result from the journal instead of running it again.' },
  );
}
