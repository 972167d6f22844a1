import type { RunFilter, RunRecord } from '../spec/store.ts';
import type { CliIo } from './cli-io.ts';
import { CommandLineError } from './command-line-error.ts';
import { formatRuns } from './format-runs.ts';
import { openCliStore } from './open-cli-store.ts';
import type { StoreOption } from './run-commands-shared.ts';
import { RUN_STATES, type RunState, runState } from './run-state.ts';
import { runSummary } from './run-summary.ts';

/** Options of `vega runs`. */
export interface RunsCommandOptions extends StoreOption {
  /**
   * Only runs with this status; `running` includes the interrupted ones (shown as such), `interrupted`
   * picks just the `running` runs whose process is gone.
   */
  readonly status?: RunState;
  readonly kind?: string;
  /** At most this many, newest first; default 20. */
  readonly limit?: number;
  readonly output?: 'text' | 'json';
  /** The time "started 5 min ago" is counted from; default now. */
  readonly now?: number;
}

const DEFAULT_LIMIT = 20;
/** How many `running` runs are looked at to find the interrupted ones. */
const RUNNING_SCAN = 10_000;

/**
 * `vega runs`: lists the runs in the store, newest first — id, state, kind, name, start, duration,
 * cost, and the error of a failed run or how to resume an interrupted one. JSON output is an array of
 * {@link RunSummary}.
 *
 * @example
 * process.exitCode = await runsCommand({ status: 'failed', limit: 5 }, processIo());
 */
export async function runsCommand(options: RunsCommandOptions, io: CliIo): Promise<number> {
  const limit = options.limit ?? DEFAULT_LIMIT;
  const store = await openCliStore(options.store, io);
  try {
    const runs = await listRuns(options, limit + 1, (filter) => store.listRuns(filter));
    const shown = runs.slice(0, limit);
    if (options.output === 'json') {
      io.stdout(`${JSON.stringify(shown.map(runSummary), null, 2)}\n`);
      return 0;
    }
    if (shown.length === 0) {
      io.stdout(`${emptyMessage(options, store.location)}\n`);
      return 0;
    }
    io.stdout(`${formatRuns(shown, { color: io.color, now: options.now ?? Date.now() })}\n`);
    if (runs.length > limit) io.stdout(`(the ${limit} most recent; there are more: --limit N shows N)\n`);
    return 0;
  } finally {
    await store.close();
  }
}

/**
 * `--status`'s value, checked: a run state.
 *
 * @example
 * parseRunState('failed'); // 'failed'
 */
export function parseRunState(value: string): RunState {
  if ((RUN_STATES as readonly string[]).includes(value)) return value as RunState;
  const states = `${RUN_STATES.slice(0, -1).join(', ')} or ${RUN_STATES.at(-1)}`;
  throw new CommandLineError(`'--status' takes ${states}, not '${value}'.`);
}

/**
 * `--limit`'s value, checked: a whole number from 1.
 *
 * @example
 * parseLimit('50'); // 50
 */
export function parseLimit(value: string): number {
  const limit = Number(value);
  if (/^\d+$/.test(value.trim()) && Number.isSafeInteger(limit) && limit >= 1) return limit;
  throw new CommandLineError(`'--limit' takes a whole number from 1, not '${value}'.`);
}

async function listRuns(
  options: RunsCommandOptions,
  limit: number,
  list: (filter: RunFilter) => Promise<RunRecord[]>,
): Promise<RunRecord[]> {
  const kind = options.kind === undefined ? {} : { kind: options.kind };
  switch (options.status) {
    case undefined:
      return list({ ...kind, limit });
    case 'interrupted': {
      const running = await list({ ...kind, status: 'running', limit: RUNNING_SCAN });
      return running.filter((run) => runState(run) === 'interrupted').slice(0, limit);
    }
    default:
      return list({ ...kind, status: options.status, limit });
  }
}

function emptyMessage(options: RunsCommandOptions, location: string): string {
  const filters = [
    options.status === undefined ? undefined : `status ${options.status}`,
    options.kind === undefined ? undefined : `kind ${options.kind}`,
  ].filter((filter) => filter !== undefined);
  if (filters.length > 0) return `No runs with ${filters.join(' and ')} in ${location}.`;
  return `No runs in ${location} yet: 'vega run <file>.vega.yaml' creates one.`;
}
