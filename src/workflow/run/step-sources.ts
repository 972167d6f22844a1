import { createHash } from 'node:crypto';
import type { TemplateSources } from '../template/template-scope.ts';

/**
 * The sources of `now`, `date`, `time` and `random` in a durable workflow run, deterministic per step:
 * the clock reads the step's start (recorded with the step, so a resume or replay reads the same
 * time), and each `random` is a UUID derived from the run id, the step and how many came before it in
 * the step; `run.id` is the run's id. `env` is the environment given (the command's, in the CLI): it
 * is not journaled, so a resume or replay reads the environment of the command that runs it.
 *
 * @example
 * const sources = new StepSources(runId, io.env);
 * sources.enterStep('step-3', startedAt);
 * sources.randomUUID(); // the same for this run and step on every execution
 *
 * One instance follows one sequence of steps; concurrent branches each get a {@link StepSources.fork}.
 */
export class StepSources implements TemplateSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly runId: string;
  #step = '';
  #startedAt = 0;
  #draws = 0;

  constructor(runId: string, env: Readonly<Record<string, string | undefined>>) {
    this.runId = runId;
    this.env = env;
  }

  /**
   * Sources of their own for a concurrent branch, at the same step for now: branches move between
   * their steps independently, and each step's draws stay derived from its own key.
   *
   * @example
   * const branchSources = sources.fork();
   * branchSources.enterStep('step-3/parallel/1', startedAt);
   */
  fork(): StepSources {
    const branch = new StepSources(this.runId, this.env);
    branch.enterStep(this.#step, this.#startedAt);
    return branch;
  }

  /** Moves to a step: its key and the start the clock built-ins read. */
  enterStep(key: string, startedAt: number): void {
    this.#step = key;
    this.#startedAt = startedAt;
    this.#draws = 0;
  }

  now(): Date {
    return new Date(this.#startedAt);
  }

  randomUUID(): string {
    const bytes = createHash('sha256')
      .update(`${this.runId}\u0000${this.#step}\u0000${this.#draws++}`)
      .digest();
    // An RFC 9562 version 4 layout (the bits a v4 UUID fixes), filled from the hash.
    bytes[6] = (bytes[6]! & 0x0f) | 0x40;
    bytes[8] = (bytes[8]! & 0x3f) | 0x80;
    const hex = bytes.subarray(0, 16).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}
