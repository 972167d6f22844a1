import { RunNotFound } from '../errors/durable-errors.ts';
import { loadWorkflowFile } from '../workflow/load/load-workflow-file.ts';
import type { CliIo } from './cli-io.ts';
import { openCliStore } from './open-cli-store.ts';
import { executeWorkflowRun } from './run-command.ts';
import { type StoreOption, workflowSourceOf } from './run-commands-shared.ts';
import { workflowRuntime } from './workflow-run.ts';

/** Options of `vega resume`. */
export interface ResumeCommandOptions extends StoreOption {
  /** Resume even when the run's owner may still be running it. */
  readonly force?: boolean;
  readonly output?: 'text' | 'json';
  readonly quiet?: boolean;
  readonly verbose?: boolean;
}

/**
 * `vega resume <id>`: finishes an interrupted or failed workflow run. The workflow file is loaded
 * again; every model and tool call the journal holds as completed returns its recorded result (no
 * request, no charge, no file written twice), and the run goes on from there.
 *
 * @example
 * process.exitCode = await resumeCommand('3f2a9c1e', {}, processIo());
 */
export async function resumeCommand(id: string, options: ResumeCommandOptions, io: CliIo): Promise<number> {
  const startedAt = performance.now();
  const store = await openCliStore(options.store, io);
  try {
    const run = await store.findRun(id);
    if (run === undefined) throw new RunNotFound(id, store.location);
    const source = workflowSourceOf(run, 'resume');
    const document = await loadWorkflowFile(source.file, { env: io.env, cwd: io.cwd });
    const session = {
      document,
      source,
      store,
      io,
      quiet: options.quiet ?? false,
      output: options.output ?? 'text',
      verbose: options.verbose ?? false,
    } as const;
    const runtime = await workflowRuntime(session);
    try {
      return await executeWorkflowRun(runtime, session, run, { force: options.force ?? false }, startedAt);
    } finally {
      await runtime.close();
    }
  } finally {
    await store.close();
  }
}
