import type { RestartIntensity } from './supervision-types.ts';

/**
 * OTP's restart intensity: a supervisor may restart at most `maxRestarts` times within any
 * `windowMs`. {@link RestartWindow.record} counts one restart and says whether it is allowed; the
 * (maxRestarts + 1)th within the window is refused, and with `maxRestarts: 0` the first already is.
 *
 * The window is inclusive at both ends, as in OTP (which forgets only restarts strictly older than
 * its period): a restart at `now - windowMs` still counts. Refused restarts count too. Times must not
 * go backwards (use a monotonic clock). At most maxRestarts + 1 timestamps are kept, since older
 * ones can never decide a later answer.
 *
 * @example
 * const window = new RestartWindow({ maxRestarts: 2, windowMs: 1_000 });
 * window.record(0);     // true
 * window.record(500);   // true
 * window.record(1_000); // false: three restarts within [0, 1000]
 * window.record(1_600); // true: only 1000 and 1600 are within [600, 1600]
 */
export class RestartWindow {
  readonly #intensity: RestartIntensity;
  /** Recent restart times, oldest first. */
  readonly #restarts: number[] = [];

  constructor(intensity: RestartIntensity) {
    this.#intensity = intensity;
  }

  /** Counts a restart at `now`; `true` when it is allowed, `false` when the intensity is exceeded. */
  record(now: number): boolean {
    const oldest = now - this.#intensity.windowMs;
    while (this.#restarts.length > 0 && (this.#restarts[0] ?? now) < oldest) this.#restarts.shift();
    this.#restarts.push(now);
    if (this.#restarts.length > this.#intensity.maxRestarts + 1) this.#restarts.shift();
    return this.#restarts.length <= this.#intensity.maxRestarts;
  }

  /** Restarts remembered within the window (a refused one included). */
  get count(): number {
    return this.#restarts.length;
  }

  /** Forgets every restart, as when the supervisor itself is restarted. */
  reset(): void {
    this.#restarts.length = 0;
  }
}
