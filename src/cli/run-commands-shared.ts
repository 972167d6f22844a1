import { RunStateError } from '../errors/durable-errors.ts';
import type { RunRecord } from '../spec/store.ts';
import type { WorkflowRunSource } from './workflow-run.ts';

/** Options every run command takes. */
export interface StoreOption {
  /** `--store`: an SQLite path or a postgres:// URL. */
  readonly store?: string;
}

/**
 * The source of a workflow run, or a clear error for a run that is not one (a TypeScript function run
 * is resumed and replayed from its program, which holds its code).
 */
export function workflowSourceOf(run: RunRecord, verb: 'resume' | 'replay'): WorkflowRunSource {
  const source = run.source as Partial<WorkflowRunSource> | undefined;
  if (run.kind !== 'workflow' || typeof source?.file !== 'string' || typeof source.workflow !== 'string') {
    throw new RunStateError(
      run.id,
      run.status,
      `Run ${run.id} is a ${run.kind} run, not a workflow: the command line cannot ${verb} it.`,
      `Call runtime.${verb}('${run.id}', fn) from the program that started it, with the same function.`,
    );
  }
  return source as WorkflowRunSource;
}
