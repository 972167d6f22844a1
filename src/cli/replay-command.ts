import type { ReplayReport } from '../durable/durable-runs.ts';
import { VegaError } from '../errors/vega-error.ts';
import type { Environment } from '../model/registry/model-registry.ts';
import type { RunRecord } from '../spec/store.ts';
import type { WorkflowDocument } from '../workflow/document/workflow-document.ts';
import type { CliIo } from './cli-io.ts';
import { describeJournalKey } from './describe-journal-key.ts';
import { openCliStore } from './open-cli-store.ts';
import { loadWorkflowRun, type StoreOption } from './run-commands-shared.ts';
import { workflowExecution, workflowRuntime } from './workflow-run.ts';

/** Options of `vega replay`. */
export interface ReplayCommandOptions extends StoreOption {
  readonly output?: 'text' | 'json';
}

/**
 * `vega replay <id>`: re-executes a finished workflow run from its journal alone — no network (a fetch
 * that refuses), no tools — and says whether it reproduced the recorded output, or names the first
 * step where the workflow as it is now leaves the journal. Exit code 0 when reproduced, else 1.
 *
 * @example
 * process.exitCode = await replayCommand('3f2a9c1e', {}, processIo());
 */
export async function replayCommand(id: string, options: ReplayCommandOptions, io: CliIo): Promise<number> {
  const store = await openCliStore(options.store, io);
  try {
    const { run, source, document } = await loadWorkflowRun(store, id, 'replay', io);
    const session = {
      document,
      source,
      store,
      io,
      quiet: true,
      output: 'text',
      runtime: { env: offlineEnvironment(io.env), fetch: refuseFetch },
    } as const;
    const runtime = await workflowRuntime(session);
    let report: ReplayReport;
    try {
      const runs = await runtime.durableRuns();
      report = await runs.replayBody(run, workflowExecution(runtime, session).body);
    } finally {
      await runtime.close();
    }
    if (options.output === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else io.stdout(`${formatReplayReport(report, run, document)}\n`);
    return report.reproduced ? 0 : 1;
  } finally {
    await store.close();
  }
}

/**
 * A replay report for a person: reproduced, or where it diverged (the step, the effect, what was
 * recorded and what the workflow asks for now).
 */
export function formatReplayReport(report: ReplayReport, run: RunRecord, document: WorkflowDocument): string {
  const id = run.id.slice(0, 8);
  const effects = `${report.effects} effect${report.effects === 1 ? '' : 's'} from the journal, no requests, no tools`;
  if (report.reproduced) return `✓ replayed run ${id} (${effects}): the output is the recorded one.`;
  if (report.divergence !== undefined) {
    const { key, reason, recorded, actual } = report.divergence;
    const lines = [
      `✗ run ${id} diverges at ${describeJournalKey(key, document, (run.source as { workflow?: string } | undefined)?.workflow ?? '')}: ${reason}.`,
      `  effect: ${key}`,
    ];
    const shown = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value));
    lines.push(`  recorded: ${shown(recorded)}`, `  now:      ${shown(actual)}`);
    return lines.join('\n');
  }
  if (report.error !== undefined) {
    return `✗ replay of run ${id} failed (${effects}): ${report.error.message}`;
  }
  return `✗ replay of run ${id} (${effects}) gave another output.\n  recorded: ${JSON.stringify(report.recordedOutput)}\n  now:      ${JSON.stringify(report.output)}`;
}

/** The environment with a stand-in for every missing API key: a replay resolves models but calls none. */
function offlineEnvironment(env: Environment): Environment {
  return new Proxy(env, {
    get(target, name) {
      const value = Reflect.get(target, name) as string | undefined;
      if (value === undefined && typeof name === 'string' && name.endsWith('_API_KEY'))
        return 'vega-replay-offline';
      return value;
    },
  });
}

const refuseFetch: typeof globalThis.fetch = async (input) => {
  throw new VegaError(
    'replay_network',
    `A replay tried to reach ${String(input)}; replays make no requests.`,
  );
};
