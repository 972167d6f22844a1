import { toNanoDollars } from '../../cost/nano-dollars.ts';
import type { RunRecord, Store, StoredEvent } from '../../spec/store.ts';

/** What `vega cost` groups spend by. */
export const SPEND_DIMENSIONS = ['day', 'model', 'agent', 'workflow', 'run'] as const;
export type SpendDimension = (typeof SPEND_DIMENSIONS)[number];

/** The spend of one group: its completed model calls, their tokens and their cost. */
export interface SpendRow {
  /** The day (`2026-11-21`, UTC), model, agent, workflow or run id. */
  readonly key: string;
  readonly calls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Exact: the sum of each call's cost in whole nano-dollars. */
  readonly costNanoUsd: number;
  /** Calls without a price (an unknown model): they add tokens but no cost. */
  readonly unpricedCalls: number;
}

/** Spend grouped one way, biggest first (days in order), with the total. */
export interface SpendReport {
  readonly by: SpendDimension;
  readonly since?: number;
  readonly until?: number;
  readonly runId?: string;
  readonly rows: readonly SpendRow[];
  readonly total: SpendRow;
}

/** Which spend {@link spendReport} counts. */
export interface SpendQuery {
  readonly by: SpendDimension;
  /** Epoch ms, inclusive. */
  readonly since?: number;
  /** Epoch ms, exclusive. */
  readonly until?: number;
  /** Only this run (its id, as stored). */
  readonly runId?: string;
  readonly signal?: AbortSignal;
}

/** Where a call outside any agent is counted under `--by agent`. */
export const NO_AGENT = '(no agent)';

/**
 * Spend from the store's event log: every `model-call-completed` event carries the call's model,
 * usage and cost, so sums are exact (nano-dollars per call, added as integers) and any window or
 * grouping can be asked afterwards. The agent comes from the call's journal key (`…/agent:Critic/…`),
 * the workflow from the run's name; a call retried counts once per attempt that completed.
 *
 * @example
 * const report = await spendReport(store, { by: 'model', since: Date.parse('2026-11-01') });
 */
export async function spendReport(
  store: Pick<Store, 'listEvents' | 'getRun'>,
  query: SpendQuery,
): Promise<SpendReport> {
  query.signal?.throwIfAborted();
  const events = await store.listEvents({
    types: ['model-call-completed'],
    ...(query.runId === undefined ? {} : { runId: query.runId }),
    ...(query.since === undefined ? {} : { since: query.since }),
    ...(query.until === undefined ? {} : { until: query.until }),
  });
  const runs = new Map<string, Promise<RunRecord | undefined>>();
  const runOf = (id: string) => {
    let run = runs.get(id);
    if (run === undefined) {
      run = store.getRun(id);
      runs.set(id, run);
    }
    return run;
  };
  const groups = new Map<string, Draft>();
  const total = draft('total');
  for (const event of events) {
    query.signal?.throwIfAborted();
    const call = callOf(event);
    const key = await groupKey(query.by, event, call, runOf);
    let group = groups.get(key);
    if (group === undefined) {
      group = draft(key);
      groups.set(key, group);
    }
    add(group, call);
    add(total, call);
  }
  const rows = [...groups.values()].sort(
    query.by === 'day'
      ? (a, b) => a.key.localeCompare(b.key)
      : (a, b) => b.costNanoUsd - a.costNanoUsd || b.calls - a.calls || a.key.localeCompare(b.key),
  );
  return {
    by: query.by,
    ...(query.since === undefined ? {} : { since: query.since }),
    ...(query.until === undefined ? {} : { until: query.until }),
    ...(query.runId === undefined ? {} : { runId: query.runId }),
    rows,
    total,
  };
}

type Draft = { -readonly [Key in keyof SpendRow]: SpendRow[Key] };

interface Call {
  readonly model: string;
  readonly key: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costNanoUsd?: number;
}

function draft(key: string): Draft {
  return { key, calls: 0, inputTokens: 0, outputTokens: 0, costNanoUsd: 0, unpricedCalls: 0 };
}

function add(group: Draft, call: Call): void {
  group.calls += 1;
  group.inputTokens += call.inputTokens;
  group.outputTokens += call.outputTokens;
  if (call.costNanoUsd === undefined) group.unpricedCalls += 1;
  else group.costNanoUsd += call.costNanoUsd;
}

function callOf(event: StoredEvent): Call {
  const payload = (
    typeof event.payload === 'object' && event.payload !== null ? event.payload : {}
  ) as Record<string, unknown>;
  const usage = (typeof payload.usage === 'object' && payload.usage !== null ? payload.usage : {}) as Record<
    string,
    unknown
  >;
  const cost = payload.costUsd;
  return {
    model: typeof payload.model === 'string' ? payload.model : '(unknown model)',
    key: typeof payload.key === 'string' ? payload.key : '',
    inputTokens: count(usage.inputTokens),
    outputTokens: count(usage.outputTokens),
    ...(typeof cost === 'number' && Number.isFinite(cost) ? { costNanoUsd: toNanoDollars(cost) } : {}),
  };
}

async function groupKey(
  by: SpendDimension,
  event: StoredEvent,
  call: Call,
  runOf: (id: string) => Promise<RunRecord | undefined>,
): Promise<string> {
  switch (by) {
    case 'day':
      return new Date(event.at).toISOString().slice(0, 10);
    case 'model':
      return call.model;
    case 'agent':
      return /(?:^|\/)agent:([^/]+)/.exec(call.key)?.[1] ?? NO_AGENT;
    case 'run':
      return event.runId;
    case 'workflow': {
      const run = await runOf(event.runId);
      if (run === undefined) return '(deleted run)';
      return run.kind === 'workflow' ? run.name : `${run.name} (${run.kind})`;
    }
  }
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
