import { RunNotFound } from '../errors/durable-errors.ts';
import type { CliIo } from './cli-io.ts';
import { formatRunDetails } from './format-run-details.ts';
import { openCliStore } from './open-cli-store.ts';
import type { StoreOption } from './run-commands-shared.ts';
import { runDetails } from './run-details.ts';

/** Options of `vega show run`. */
export interface ShowRunCommandOptions extends StoreOption {
  readonly output?: 'text' | 'json';
}

/**
 * `vega show run <id>`: one run in full — its header, its steps from the event log, and its journal
 * of effects, with the effects that started and never ended (what a resume would redo, or stop on).
 * JSON output is {@link RunDetails}: `{ run, steps, effects }`.
 *
 * @example
 * process.exitCode = await showRunCommand('3f2a9c1e', { output: 'json' }, processIo());
 */
export async function showRunCommand(id: string, options: ShowRunCommandOptions, io: CliIo): Promise<number> {
  const store = await openCliStore(options.store, io);
  try {
    const run = await store.findRun(id);
    if (run === undefined) throw new RunNotFound(id, store.location);
    const [events, journal] = await Promise.all([
      store.listEvents({ runId: run.id }),
      store.listJournal(run.id),
    ]);
    const details = runDetails(run, events, journal);
    if (options.output === 'json') io.stdout(`${JSON.stringify(details, null, 2)}\n`);
    else io.stdout(`${formatRunDetails(details, { color: io.color })}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
