import type { RunRecord, RunStatus, StoredError } from '../spec/store.ts';
import { type RunState, runState } from './run-state.ts';

/** A run as `vega runs -o json` gives it: no input or output, times in ISO 8601, cost in dollars. */
export interface RunSummary {
  readonly id: string;
  readonly parentId?: string;
  readonly kind: string;
  readonly name: string;
  /** As the store keeps it. */
  readonly status: RunStatus;
  /** As a person reads it: `interrupted` for a `running` run whose process is gone. */
  readonly state: RunState;
  readonly owner?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly endedAt?: string;
  /** From creation to end; absent while the run has not ended. */
  readonly durationMs?: number;
  readonly costUsd: number;
  readonly error?: StoredError;
}

/**
 * The summary of a run record, for JSON output.
 *
 * @example
 * io.stdout(`${JSON.stringify((await store.listRuns()).map(runSummary))}\n`);
 */
export function runSummary(run: RunRecord): RunSummary {
  return {
    id: run.id,
    ...(run.parentId === undefined ? {} : { parentId: run.parentId }),
    kind: run.kind,
    name: run.name,
    status: run.status,
    state: runState(run),
    ...(run.owner === undefined ? {} : { owner: run.owner }),
    createdAt: new Date(run.createdAt).toISOString(),
    updatedAt: new Date(run.updatedAt).toISOString(),
    ...(run.endedAt === undefined
      ? {}
      : { endedAt: new Date(run.endedAt).toISOString(), durationMs: run.endedAt - run.createdAt }),
    costUsd: run.costNanoUsd / 1e9,
    ...(run.error === undefined ? {} : { error: run.error }),
  };
}
