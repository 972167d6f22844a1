import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { RunNotFound } from '../errors/durable-errors.ts';
import {
  sendStoredSpans,
  storedSpansText,
  TRACE_EXPORT_FORMATS,
  type TraceExportFormat,
} from '../observe/store/export-stored-spans.ts';
import { spanTree } from '../observe/store/span-tree.ts';
import type { RunRecord, StoredSpan } from '../spec/store.ts';
import type { CliIo } from './cli-io.ts';
import { CommandLineError } from './command-line-error.ts';
import { formatSpanTree } from './format-span-tree.ts';
import { openCliStore } from './open-cli-store.ts';
import type { StoreOption } from './run-commands-shared.ts';

/** Options of `vega trace`. */
export interface TraceCommandOptions extends StoreOption {
  readonly output?: 'text' | 'json';
  /** Write the run's spans in this format instead of showing the tree. */
  readonly export?: TraceExportFormat;
  /** The file `--export chrome|jsonl` writes; stdout when left out. */
  readonly out?: string;
}

/** How to get spans into the store, for a run that has none. */
export const TRACING_HINT =
  'Trace the next run into the store with `vega run FILE --trace store`, or `settings: { tracing: { exporter: store } }` in the workflow file.';

/**
 * `vega trace <run>`: the run's spans from the store as a tree — durations, tokens, cost, the critical
 * path marked — or, with `--export`, the spans as a Chrome trace, JSON Lines, or sent to the OTLP
 * collector of `OTEL_EXPORTER_OTLP_ENDPOINT`. JSON output (`-o json`) is
 * `{ run, spans: [{ …span, depth, durationUs?, inputTokens, outputTokens, costUsd, critical }] }` in tree order.
 *
 * @example
 * process.exitCode = await traceCommand('3f2a', { export: 'chrome', out: 'trace.json' }, processIo());
 */
export async function traceCommand(id: string, options: TraceCommandOptions, io: CliIo): Promise<number> {
  const store = await openCliStore(options.store, io);
  let run: RunRecord;
  let spans: StoredSpan[];
  try {
    const found = await store.findRun(id);
    if (found === undefined) throw new RunNotFound(id, store.location);
    run = found;
    spans = await store.listSpans({ runId: run.id });
  } finally {
    await store.close();
  }
  if (spans.length === 0) {
    io.stderr(`Run ${run.id} has no spans in the store: tracing was off when it ran.\n${TRACING_HINT}\n`);
    if (options.output === 'json' && options.export === undefined)
      io.stdout(`${JSON.stringify({ run: runHeader(run), spans: [] }, null, 2)}\n`);
    return options.export === undefined ? 0 : 1;
  }
  if (options.export === 'otlp') {
    const url = await sendStoredSpans(spans, io.env, io.signal);
    io.stderr(`Sent ${spans.length} spans of run ${run.id} to ${url}.\n`);
    return 0;
  }
  if (options.export !== undefined) {
    const text = storedSpansText(spans, options.export);
    if (options.out === undefined) io.stdout(text);
    else {
      await writeFile(resolve(io.cwd, options.out), text);
      io.stderr(`Wrote ${spans.length} spans of run ${run.id} to ${options.out} (${options.export}).\n`);
    }
    return 0;
  }
  const tree = spanTree(spans);
  if (options.output === 'json') {
    const nodes = tree.nodes.map(
      ({ span, depth, durationUs, inputTokens, outputTokens, costNanoUsd, critical }) => ({
        ...span,
        depth,
        ...(durationUs === undefined ? { unfinished: true } : { durationUs }),
        inputTokens,
        outputTokens,
        costUsd: costNanoUsd / 1e9,
        critical,
      }),
    );
    io.stdout(`${JSON.stringify({ run: runHeader(run), spans: nodes }, null, 2)}\n`);
  } else io.stdout(`${formatSpanTree(run, tree, { color: io.color })}\n`);
  return 0;
}

/**
 * Checks `--export`'s value.
 *
 * @example
 * parseTraceExport('chrome'); // 'chrome'
 */
export function parseTraceExport(value: string): TraceExportFormat {
  if ((TRACE_EXPORT_FORMATS as readonly string[]).includes(value)) return value as TraceExportFormat;
  throw new CommandLineError(
    `'--export' takes ${TRACE_EXPORT_FORMATS.join(', ')}, not '${value}'.`,
    'chrome opens in Perfetto (ui.perfetto.dev); otlp sends to $OTEL_EXPORTER_OTLP_ENDPOINT.',
  );
}

function runHeader(run: RunRecord) {
  return { id: run.id, kind: run.kind, name: run.name, status: run.status };
}
