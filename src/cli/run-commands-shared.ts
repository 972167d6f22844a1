import { RunNotFound, RunStateError } from '../errors/durable-errors.ts';
import type { RunRecord, Store } from '../spec/store.ts';
import type { WorkflowDocument } from '../workflow/document/workflow-document.ts';
import { loadWorkflowFile } from '../workflow/load/load-workflow-file.ts';
import type { CliIo } from './cli-io.ts';
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

/**
 * A stored workflow run with its workflow loaded again from its file: what `resume` and `replay` start
 * from. An unknown id is {@link RunNotFound}; a function run is a clear error.
 *
 * @example
 * const { run, source, document } = await loadWorkflowRun(store, '3f2a', 'replay', io);
 */
export async function loadWorkflowRun(
  store: Store,
  id: string,
  verb: 'resume' | 'replay',
  io: CliIo,
): Promise<{ run: RunRecord; source: WorkflowRunSource; document: WorkflowDocument }> {
  const run = await store.findRun(id);
  if (run === undefined) throw new RunNotFound(id, store.location);
  const source = workflowSourceOf(run, verb);
  const document = await loadWorkflowFile(source.file, { env: io.env, cwd: io.cwd });
  return { run, source, document };
}
