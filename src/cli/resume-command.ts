import type { CliIo } from './cli-io.ts';
import { openCliStore } from './open-cli-store.ts';
import { openRunLogger } from './open-run-logger.ts';
import { executeWorkflowRun } from './run-command.ts';
import { loadWorkflowRun, type StoreOption } from './run-commands-shared.ts';
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
    const { run, source, document } = await loadWorkflowRun(store, id, 'resume', io);
    // A resumed run logs as its workflow's settings.logging and VEGA_LOG_LEVEL/VEGA_LOG_FILE ask.
    const logging = openRunLogger({}, document.settings.logging, io);
    const session = {
      document,
      source,
      store,
      io,
      quiet: options.quiet ?? false,
      output: options.output ?? 'text',
      verbose: options.verbose ?? false,
      // A resumed run shows its progress as a run does: a live tree on a terminal, lines on a pipe.
      progress: 'auto',
      ...(logging === undefined ? {} : { runtime: { logger: logging.logger } }),
    } as const;
    try {
      const runtime = await workflowRuntime(session);
      try {
        return await executeWorkflowRun(runtime, session, run, { force: options.force ?? false }, startedAt);
      } finally {
        await runtime.close();
      }
    } finally {
      logging?.close();
    }
  } finally {
    await store.close();
  }
}
