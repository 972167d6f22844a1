import type { Attributes } from '@opentelemetry/api';

/**
 * One event of the Chrome trace event format (the JSON Perfetto and `chrome://tracing` open): a
 * complete event (`ph: 'X'`) per span, with `ts`/`dur` in microseconds, or a metadata event
 * (`ph: 'M'`) naming a process or thread row.
 */
export type ChromeTraceEvent =
  | {
      readonly ph: 'X';
      readonly name: string;
      readonly cat: string;
      readonly ts: number;
      readonly dur: number;
      readonly pid: number;
      readonly tid: number;
      readonly args: Attributes;
    }
  | {
      readonly ph: 'M';
      readonly name: 'process_name' | 'thread_name';
      readonly pid: number;
      readonly tid: number;
      readonly args: { readonly name: string };
    };

/** A Chrome trace file: `{ traceEvents: [...] }`. */
export interface ChromeTrace {
  readonly traceEvents: readonly ChromeTraceEvent[];
  readonly displayTimeUnit: 'ms';
}
