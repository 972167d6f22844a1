import { TRACE_EXPORTERS } from '../../workflow/document/observability-settings.ts';

/** Where a run's spans go: an exporter, with a file (jsonl, chrome) or a collector URL (otlp). */
export interface TraceTarget {
  readonly exporter: (typeof TRACE_EXPORTERS)[number];
  /** A file for `jsonl`/`chrome` (default `.vega/traces/<run-id>.jsonl|.json`), a URL for `otlp`. */
  readonly location?: string;
}

/**
 * Parses the value of `vega run --trace`: `jsonl`, `chrome`, `otlp`, `store`, optionally with
 * `=<file>` (jsonl, chrome) or `=<url>` (otlp). `undefined` when the value is not one of them.
 *
 * @example
 * parseTraceTarget('chrome=trace.json'); // { exporter: 'chrome', location: 'trace.json' }
 */
export function parseTraceTarget(value: string): TraceTarget | undefined {
  const equals = value.indexOf('=');
  const name = equals === -1 ? value : value.slice(0, equals);
  const location = equals === -1 ? undefined : value.slice(equals + 1);
  const exporter = TRACE_EXPORTERS.find((candidate) => candidate === name);
  if (exporter === undefined || location === '' || (exporter === 'store' && location !== undefined))
    return undefined;
  return location === undefined ? { exporter } : { exporter, location };
}
