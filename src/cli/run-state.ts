import { ownerMayBeAlive } from '../durable/run-owner.ts';
import type { RunRecord, RunStatus } from '../spec/store.ts';

/** A run's status as a person should read it: a `running` run whose process is gone is `interrupted`. */
export type RunState = RunStatus | 'interrupted';

/** The states `--status` accepts, in the order they are listed. */
export const RUN_STATES: readonly RunState[] = ['running', 'interrupted', 'completed', 'failed', 'cancelled'];

const COLORS: Readonly<Record<RunState, string>> = {
  running: '36',
  interrupted: '33',
  completed: '32',
  failed: '31',
  cancelled: '33',
};

/**
 * The state of a run: its status, except that a `running` run whose owner process no longer exists
 * (on this host) is `interrupted` — it waits for `vega resume`.
 *
 * @example
 * runState({ status: 'running', owner: 'build-7:48213' }); // 'interrupted' once pid 48213 has exited
 */
export function runState(run: Pick<RunRecord, 'status' | 'owner'>): RunState {
  return run.status === 'running' && !ownerMayBeAlive(run.owner) ? 'interrupted' : run.status;
}

/**
 * `text` in the colour of a run state (green completed, red failed, …), or as it is without colour.
 *
 * @example
 * paintState('failed', 'failed', io.color); // '\u001b[31mfailed\u001b[0m'
 */
export function paintState(state: RunState, text: string, color: boolean): string {
  return color ? `\u001b[${COLORS[state]}m${text}\u001b[0m` : text;
}
