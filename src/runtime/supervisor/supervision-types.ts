/**
 * The vocabulary of supervision, in OTP's words. The Vega seed words (`restart`, `restart_all`, `stop`,
 * `escalate`) are accepted wherever a strategy is named and mapped onto these by `normalizeSupervision`.
 */

/** Which children a supervisor restarts when one of them fails. */
export type RestartStrategy = 'one_for_one' | 'one_for_all' | 'rest_for_one';

/** The Vega seed words for a strategy, as written in `supervision.strategy`. */
export type SeedStrategy = 'restart' | 'restart_all' | 'stop' | 'escalate';

/**
 * When a child is restarted: `permanent` always, `transient` only after an abnormal exit (not `normal`
 * or `shutdown`), `temporary` never.
 */
export type RestartType = 'permanent' | 'transient' | 'temporary';

/** How the delay before a restart grows with consecutive restarts. */
export type BackoffType = 'exponential' | 'linear' | 'constant';

/** Delay before a restart. All durations in milliseconds. */
export interface BackoffOptions {
  readonly type: BackoffType;
  /** The first delay. */
  readonly initialMs: number;
  /** The cap: no delay is longer. */
  readonly maxMs: number;
  /** Growth factor of `exponential`; default 2. */
  readonly multiplier?: number;
  /** Random spread as a fraction of the delay, 0..1: 0.2 gives delay × [0.8, 1.2]. Default 0. */
  readonly jitter?: number;
  /**
   * A child that has run this long without failing starts again from the first delay. Default: the
   * supervisor's intensity window.
   */
  readonly resetAfterMs?: number;
}

/** At most `maxRestarts` restarts within `windowMs`; one more and the supervisor gives up. */
export interface RestartIntensity {
  readonly maxRestarts: number;
  readonly windowMs: number;
}

/** A supervision policy with both vocabularies resolved, as the supervisor and agents use it. */
export interface SupervisionPolicy {
  readonly strategy: RestartStrategy;
  /** The restart type given to children that do not choose their own. */
  readonly restart: RestartType;
  /** A failed child's failure goes straight to the parent: the supervisor gives up at once. */
  readonly escalate: boolean;
  readonly intensity: RestartIntensity;
  readonly backoff: BackoffOptions | undefined;
}

/** OTP's defaults: one_for_one, permanent children, 3 restarts in 5 seconds, no backoff. */
export const DEFAULT_SUPERVISION: SupervisionPolicy = {
  strategy: 'one_for_one',
  restart: 'permanent',
  escalate: false,
  intensity: { maxRestarts: 3, windowMs: 5_000 },
  backoff: undefined,
};
