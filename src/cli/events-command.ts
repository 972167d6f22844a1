import { setTimeout as delay } from 'node:timers/promises';
import { RunNotFound } from '../errors/durable-errors.ts';
import type { RunRecord, Store, StoredEvent } from '../spec/store.ts';
import type { CliIo } from './cli-io.ts';
import { CommandLineError } from './command-line-error.ts';
import { formatEventLine } from './format-event-line.ts';
import { openCliStore } from './open-cli-store.ts';
import type { StoreOption } from './run-commands-shared.ts';
import { runState } from './run-state.ts';

/** Options of `vega events`. */
export interface EventsCommandOptions extends StoreOption {
  /** Only events of these types; a `*` matches any text (`model-call-*`). */
  readonly types?: readonly string[];
  /** Only events from this time on, epoch milliseconds. */
  readonly since?: number;
  /** Keep printing new events until the run has ended. */
  readonly follow?: boolean;
  /** `json` prints JSON Lines: one object per event. */
  readonly output?: 'text' | 'json';
  /** How long `--follow` waits between polls; default 200 ms. */
  readonly pollMs?: number;
  /** Waits between polls; rejects (or the next poll stops) when `signal` aborts. Tests pass their own. */
  readonly wait?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

/** Event types that end a run's attempt: once one is printed and the run has ended, nothing follows. */
const END_TYPES: ReadonlySet<string> = new Set(['run-completed', 'run-failed', 'run-cancelled']);
/** Polls with no new event after the run ended without an end event, before `--follow` stops. */
const GRACE_POLLS = 3;

/**
 * `vega events <id>`: a run's event log in order, one line per event (or JSON Lines). With `follow`,
 * polls for new events until the run's status is no longer `running` and nothing new arrived; Ctrl-C
 * (`io.signal`) stops it with an `AbortError` (exit code 130).
 *
 * @example
 * process.exitCode = await eventsCommand('3f2a9c1e', { types: ['step-*'], follow: true }, processIo(signal));
 */
export async function eventsCommand(id: string, options: EventsCommandOptions, io: CliIo): Promise<number> {
  const store = await openCliStore(options.store, io);
  try {
    const run = await store.findRun(id);
    if (run === undefined) throw new RunNotFound(id, store.location);
    const matches = eventMatcher(options);
    const print = (event: StoredEvent) => {
      if (matches(event))
        io.stdout(`${formatEventLine(event, { output: options.output ?? 'text', color: io.color })}\n`);
    };
    if (options.follow === true) {
      await follow(store, run, print, options, io);
      return 0;
    }
    const exact = options.types !== undefined && !options.types.some((type) => type.includes('*'));
    const events = await store.listEvents({
      runId: run.id,
      ...(exact ? { types: options.types } : {}),
      ...(options.since === undefined ? {} : { since: options.since }),
    });
    for (const event of events) print(event);
    return 0;
  } finally {
    await store.close();
  }
}

/**
 * `--type`'s values, checked: every type named, split at commas (`--type step-started,step-completed`
 * is `--type step-started --type step-completed`).
 *
 * @example
 * parseEventTypes(['step-*,run-failed']); // ['step-*', 'run-failed']
 */
export function parseEventTypes(values: readonly string[]): string[] {
  const types = values.flatMap((value) => value.split(',')).map((type) => type.trim());
  const bad = types.find((type) => !/^[\w*:.-]+$/.test(type));
  if (bad !== undefined) {
    throw new CommandLineError(
      `'--type' takes event types like step-completed or model-call-*, not '${bad}'.`,
      'Separate several with commas, or repeat --type.',
    );
  }
  return types;
}

/**
 * `--since`'s value, checked: an ISO 8601 date or date-time, as epoch milliseconds.
 *
 * @example
 * parseSince('2026-11-21T08:00:00Z'); // 1795248000000
 */
export function parseSince(value: string): number {
  const at = Date.parse(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value.trim()) && !Number.isNaN(at)) return at;
  throw new CommandLineError(
    `'--since' takes an ISO date-time like 2026-11-21T08:00:00Z, not '${value}'.`,
    'A date alone (2026-11-21) means its midnight UTC.',
  );
}

async function follow(
  store: Store,
  run: RunRecord,
  print: (event: StoredEvent) => void,
  options: EventsCommandOptions,
  io: CliIo,
): Promise<void> {
  const wait = options.wait ?? ((ms, signal) => delay(ms, undefined, signal === undefined ? {} : { signal }));
  let afterSeq = 0;
  let lastType: string | undefined;
  let quietPolls = 0;
  let noted = false;
  for (;;) {
    throwIfAborted(io.signal);
    // The status is read before the events: an end seen here has all its events in the next read.
    const current = (await store.getRun(run.id)) ?? run;
    const events = await store.listEvents({ runId: run.id, afterSeq });
    for (const event of events) {
      print(event);
      afterSeq = event.seq;
      lastType = event.type;
    }
    if (current.status !== 'running') {
      quietPolls = events.length === 0 ? quietPolls + 1 : 0;
      if ((lastType !== undefined && END_TYPES.has(lastType)) || quietPolls >= GRACE_POLLS) return;
    } else if (!noted && runState(current) === 'interrupted') {
      noted = true;
      const short = run.id.slice(0, 8);
      io.stderr(
        `note: run ${short} is interrupted (its process is gone); following it until it is resumed and ends — 'vega resume ${short}' finishes it, Ctrl-C stops following.\n`,
      );
    }
    await wait(options.pollMs ?? 200, io.signal);
  }
}

function eventMatcher(options: EventsCommandOptions): (event: StoredEvent) => boolean {
  const patterns = options.types?.map(
    (type) => new RegExp(`^${type.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`),
  );
  const { since } = options;
  return (event) =>
    (since === undefined || event.at >= since) &&
    (patterns === undefined || patterns.some((pattern) => pattern.test(event.type)));
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new DOMException('The command was interrupted.', 'AbortError');
}
