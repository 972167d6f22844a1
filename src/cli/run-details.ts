import type { JournalEntry, RunRecord, StoredEvent } from '../spec/store.ts';
import { type RunSummary, runSummary } from './run-summary.ts';

/** A run with what `vega show run` adds to its summary: input, output, source, and its cost so far. */
export interface RunDetail extends RunSummary {
  readonly input: unknown;
  readonly output?: unknown;
  readonly source?: unknown;
  /** Whether some completed model call had no price (then `costUsd` leaves it out). */
  readonly unpricedCalls: number;
}

/** One step of a workflow run, from its `step-started` and `step-completed` events. */
export interface StepSummary {
  /** 0-based position in the workflow. */
  readonly index: number;
  readonly kind: string;
  readonly id?: string;
  readonly agent?: string;
  readonly description?: string;
  readonly startedAt: string;
  /** Whether a `step-completed` event was written for it. */
  readonly finished: boolean;
  readonly durationMs?: number;
  /** The sum of its completed model calls' cost. */
  readonly costUsd: number;
  /** Model and tool calls started under the step (retries count). */
  readonly modelCalls: number;
  readonly toolCalls: number;
  /** The error a `continue_on_error` step absorbed. */
  readonly error?: string;
}

/** An effect that started and never recorded an end. */
export interface UnfinishedEffect {
  readonly seq: number;
  readonly key: string;
  readonly kind: string;
  readonly idempotent: boolean;
  readonly startedAt: string;
  /** What a resume does with it: run it again (idempotent), or stop because its outcome is unknown. */
  readonly onResume: 'redo' | 'stop';
}

/** The run's journal of effects, summed up. */
export interface EffectsSummary {
  readonly total: number;
  /** How many effects of each kind are `started`, `completed`, `failed`. */
  readonly byKind: Readonly<Record<string, Readonly<Record<'started' | 'completed' | 'failed', number>>>>;
  readonly modelCalls: number;
  readonly toolCalls: number;
  readonly unfinished: readonly UnfinishedEffect[];
}

/** What `vega show run` shows, and its JSON output. */
export interface RunDetails {
  readonly run: RunDetail;
  readonly steps: readonly StepSummary[];
  readonly effects: EffectsSummary;
}

/**
 * A run with its steps (from the event log) and a summary of its journal of effects. The cost is the
 * record's once the run has ended, else the sum of the `model-call-completed` events so far.
 *
 * @example
 * const details = runDetails(run, await store.listEvents({ runId: run.id }), await store.listJournal(run.id));
 */
export function runDetails(
  run: RunRecord,
  events: readonly StoredEvent[],
  journal: readonly JournalEntry[],
): RunDetails {
  const calls = events
    .filter((event) => event.type === 'model-call-completed')
    .map((event) => payloadOf(event));
  const unpricedCalls = calls.filter((call) => typeof call.costUsd !== 'number').length;
  const costUsd =
    run.endedAt === undefined || run.status === 'running' ? sumCost(calls) : run.costNanoUsd / 1e9;
  return {
    run: {
      ...runSummary(run),
      costUsd,
      input: run.input,
      ...(run.output === undefined ? {} : { output: run.output }),
      ...(run.source === undefined ? {} : { source: run.source }),
      unpricedCalls,
    },
    steps: stepsOf(events),
    effects: effectsOf(journal),
  };
}

type Payload = Readonly<Record<string, unknown>>;

function payloadOf(event: StoredEvent): Payload {
  return typeof event.payload === 'object' && event.payload !== null ? (event.payload as Payload) : {};
}

function sumCost(calls: readonly Payload[]): number {
  const nano = calls.reduce(
    (sum, call) => sum + (typeof call.costUsd === 'number' ? Math.round(call.costUsd * 1e9) : 0),
    0,
  );
  return nano / 1e9;
}

interface StepDraft {
  index: number;
  kind: string;
  id?: string;
  agent?: string;
  description?: string;
  startedAt: number;
  durationMs?: number;
  error?: string;
}

/** One step per index: a resumed run starts its steps again, and keeps the first record of each. */
function stepsOf(events: readonly StoredEvent[]): StepSummary[] {
  const steps = new Map<number, StepDraft>();
  const calls = new Map<string, Payload[]>();
  for (const event of events) {
    const payload = payloadOf(event);
    // Steps nested in blocks carry their `key`; their calls count under their top-level step.
    if (payload.key !== undefined && /^step-(started|completed)$/.test(event.type)) continue;
    if (event.type === 'step-started' && typeof payload.index === 'number' && !steps.has(payload.index)) {
      steps.set(payload.index, {
        index: payload.index,
        kind: text(payload.kind) ?? 'step',
        ...optional('id', text(payload.id)),
        ...optional('agent', text(payload.agent)),
        ...optional('description', text(payload.description)),
        startedAt: event.at,
      });
    } else if (event.type === 'step-completed' && typeof payload.index === 'number') {
      const step = steps.get(payload.index);
      if (step === undefined || step.durationMs !== undefined) continue;
      step.durationMs =
        typeof payload.durationMs === 'number' ? payload.durationMs : event.at - step.startedAt;
      const error = (payload.error as { message?: unknown } | undefined)?.message;
      if (typeof error === 'string') step.error = error;
    } else if (/^(model|tool)-call-(started|completed)$/.test(event.type)) {
      calls.set(event.type, [...(calls.get(event.type) ?? []), payload]);
    }
  }
  return [...steps.values()]
    .sort((a, b) => a.index - b.index)
    .map((step) => {
      const under = (type: string) =>
        (calls.get(type) ?? []).filter((call) => text(call.key)?.startsWith(`step-${step.index}/`) === true);
      return {
        ...step,
        startedAt: new Date(step.startedAt).toISOString(),
        finished: step.durationMs !== undefined,
        costUsd: sumCost(under('model-call-completed')),
        modelCalls: under('model-call-started').length,
        toolCalls: under('tool-call-started').length,
      };
    });
}

function effectsOf(journal: readonly JournalEntry[]): EffectsSummary {
  const byKind: Record<string, Record<'started' | 'completed' | 'failed', number>> = {};
  for (const entry of journal) {
    const counts = byKind[entry.kind] ?? { started: 0, completed: 0, failed: 0 };
    counts[entry.status] += 1;
    byKind[entry.kind] = counts;
  }
  const count = (kind: string) => journal.filter((entry) => entry.kind === kind).length;
  return {
    total: journal.length,
    byKind,
    modelCalls: count('model-call'),
    toolCalls: count('tool-call'),
    unfinished: journal
      .filter((entry) => entry.status === 'started')
      .map((entry) => ({
        seq: entry.seq,
        key: entry.key,
        kind: entry.kind,
        idempotent: entry.idempotent,
        startedAt: new Date(entry.startedAt).toISOString(),
        onResume: entry.idempotent ? 'redo' : 'stop',
      })),
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function optional<Key extends string>(key: Key, value: string | undefined): { [K in Key]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [K in Key]?: string };
}
