import { VegaError } from '../../errors/vega-error.ts';
import {
  type BackoffOptions,
  type BackoffType,
  DEFAULT_SUPERVISION,
  type RestartStrategy,
  type RestartType,
  type SeedStrategy,
  type SupervisionPolicy,
} from './supervision-types.ts';

/** Every word `supervision.strategy` accepts: Vega's seed words, then OTP's. */
export const SUPERVISION_STRATEGIES: readonly (RestartStrategy | SeedStrategy)[] = [
  'restart',
  'restart_all',
  'stop',
  'escalate',
  'one_for_one',
  'one_for_all',
  'rest_for_one',
];

/** Every restart type. */
export const RESTART_TYPES: readonly RestartType[] = ['permanent', 'transient', 'temporary'];

/** Every backoff type. */
export const BACKOFF_TYPES: readonly BackoffType[] = ['exponential', 'linear', 'constant'];

/** The backoff fields a partly given `backoff` starts from when the base has none. */
export const DEFAULT_BACKOFF: BackoffOptions = {
  type: 'exponential',
  initialMs: 1_000,
  maxMs: 30_000,
  jitter: 0,
  multiplier: 2,
};

/** A supervision policy as a user writes it: any field may be left out, either vocabulary used. */
export interface SupervisionInput {
  readonly strategy?: RestartStrategy | SeedStrategy;
  readonly restart?: RestartType;
  readonly maxRestarts?: number;
  readonly windowMs?: number;
  /** Fields left out come from the base's backoff, or {@link DEFAULT_BACKOFF} when it has none. */
  readonly backoff?: Partial<BackoffOptions>;
  readonly escalate?: boolean;
}

/**
 * Resolves a user's supervision block on top of `base` (default {@link DEFAULT_SUPERVISION}): each
 * field given replaces the base's, the others are kept. The seed words each say what happens to a
 * failed child, so they also set the fields that say it:
 *
 * - `restart` → `one_for_one`, `restart_all` → `one_for_all`; not escalating, and a `temporary` base
 *   restart type becomes `permanent` (a temporary child is never restarted);
 * - `stop` → the base's strategy, restart type `temporary`, not escalating;
 * - `escalate` → the base's strategy and restart type, escalating.
 *
 * OTP's words set only the strategy. Throws a {@link VegaError} with code `invalid_supervision` for a
 * value out of range, a backoff whose initial delay exceeds its cap, or fields that contradict the
 * seed word (`stop` with `restart: permanent`).
 *
 * @example
 * normalizeSupervision({ strategy: 'restart_all', maxRestarts: 5, backoff: { initialMs: 500 } });
 * // { strategy: 'one_for_all', restart: 'permanent', escalate: false,
 * //   intensity: { maxRestarts: 5, windowMs: 5000 },
 * //   backoff: { type: 'exponential', initialMs: 500, maxMs: 30000, jitter: 0, multiplier: 2 } }
 */
export function normalizeSupervision(
  input: SupervisionInput,
  base: SupervisionPolicy = DEFAULT_SUPERVISION,
): SupervisionPolicy {
  const { strategy, restart, escalate } = resolveStrategy(input, base);
  const maxRestarts = input.maxRestarts ?? base.intensity.maxRestarts;
  const windowMs = input.windowMs ?? base.intensity.windowMs;
  checkWhole('maxRestarts', maxRestarts);
  checkWhole('windowMs', windowMs);
  return {
    strategy,
    restart,
    escalate,
    intensity: { maxRestarts, windowMs },
    backoff: input.backoff === undefined ? base.backoff : resolveBackoff(input.backoff, base.backoff),
  };
}

function resolveStrategy(
  input: SupervisionInput,
  base: SupervisionPolicy,
): Pick<SupervisionPolicy, 'strategy' | 'restart' | 'escalate'> {
  const word = input.strategy;
  if (word !== undefined && !SUPERVISION_STRATEGIES.includes(word)) {
    throw invalid(
      `unknown supervision strategy '${String(word)}'`,
      `use one of ${list(SUPERVISION_STRATEGIES)}`,
    );
  }
  if (input.restart !== undefined && !RESTART_TYPES.includes(input.restart)) {
    throw invalid(`unknown restart type '${String(input.restart)}'`, `use one of ${list(RESTART_TYPES)}`);
  }
  if (input.escalate !== undefined && typeof input.escalate !== 'boolean') {
    throw invalid(`escalate must be true or false, got ${String(input.escalate)}`, 'write true or false');
  }
  switch (word) {
    case 'restart':
    case 'restart_all': {
      refuseConflict(word, 'escalate: true', input.escalate === true);
      refuseConflict(word, "restart: 'temporary'", input.restart === 'temporary');
      const inherited = base.restart === 'temporary' ? 'permanent' : base.restart;
      return {
        strategy: word === 'restart' ? 'one_for_one' : 'one_for_all',
        restart: input.restart ?? inherited,
        escalate: false,
      };
    }
    case 'stop':
      refuseConflict(word, 'escalate: true', input.escalate === true);
      refuseConflict(word, `restart: '${input.restart}'`, (input.restart ?? 'temporary') !== 'temporary');
      return { strategy: base.strategy, restart: 'temporary', escalate: false };
    case 'escalate':
      refuseConflict(word, 'escalate: false', input.escalate === false);
      return { strategy: base.strategy, restart: input.restart ?? base.restart, escalate: true };
    default:
      return {
        strategy: word ?? base.strategy,
        restart: input.restart ?? base.restart,
        escalate: input.escalate ?? base.escalate,
      };
  }
}

function resolveBackoff(input: Partial<BackoffOptions>, base: BackoffOptions | undefined): BackoffOptions {
  const from = base ?? DEFAULT_BACKOFF;
  const type = input.type ?? from.type;
  if (!BACKOFF_TYPES.includes(type)) {
    throw invalid(`unknown backoff type '${String(type)}'`, `use one of ${list(BACKOFF_TYPES)}`);
  }
  const initialMs = input.initialMs ?? from.initialMs;
  const maxMs = input.maxMs ?? from.maxMs;
  const jitter = input.jitter ?? from.jitter ?? 0;
  const multiplier = input.multiplier ?? from.multiplier ?? 2;
  const resetAfterMs = input.resetAfterMs ?? from.resetAfterMs;
  checkWhole('backoff.initialMs', initialMs);
  checkWhole('backoff.maxMs', maxMs);
  if (resetAfterMs !== undefined) checkWhole('backoff.resetAfterMs', resetAfterMs);
  if (typeof jitter !== 'number' || !(jitter >= 0 && jitter <= 1)) {
    throw invalid(`backoff.jitter must be between 0 and 1, got ${String(jitter)}`, 'write 0.2 for ±20%');
  }
  if (typeof multiplier !== 'number' || !Number.isFinite(multiplier) || multiplier < 1) {
    throw invalid(
      `backoff.multiplier must be a number of at least 1, got ${String(multiplier)}`,
      'a multiplier below 1 would shrink the delays; use type constant for a fixed delay',
    );
  }
  if (initialMs > maxMs) {
    throw invalid(
      `the backoff's initial delay (${initialMs}ms) is longer than its cap (${maxMs}ms)`,
      'raise the cap (max) or lower the initial delay',
    );
  }
  return {
    type,
    initialMs,
    maxMs,
    jitter,
    multiplier,
    ...(resetAfterMs === undefined ? {} : { resetAfterMs }),
  };
}

/** Counts and milliseconds alike must be whole and not negative. */
function checkWhole(field: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw invalid(
      `${field} must be a whole number of at least 0, got ${String(value)}`,
      field === 'maxRestarts' ? 'write 0 to never restart' : 'give milliseconds, e.g. 1000 for a second',
    );
  }
}

function refuseConflict(word: SeedStrategy, field: string, conflicts: boolean): void {
  if (!conflicts) return;
  throw invalid(
    `strategy '${word}' contradicts ${field}`,
    `remove ${field.split(':')[0]}, or choose another strategy`,
  );
}

function invalid(message: string, hint: string): VegaError {
  return new VegaError('invalid_supervision', message, { hint });
}

function list(words: readonly string[]): string {
  return words.join(', ');
}
