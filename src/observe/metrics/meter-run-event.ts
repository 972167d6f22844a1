import type { MetricInstruments } from './metric-instruments.ts';

/**
 * Counts one event of a run's event log: runs started and ended, steps started and completed (with
 * their durations), and the errors runs failed with. Other events are ignored.
 *
 * @example
 * meterRunEvent(instruments, 'step-completed', { kind: 'agent', durationMs: 812 });
 */
export function meterRunEvent(instruments: MetricInstruments, type: string, payload: unknown): void {
  const fields = (typeof payload === 'object' && payload !== null ? payload : {}) as RunEventFields;
  switch (type) {
    case 'run-started':
    case 'run-resumed':
      instruments.runsStarted.labels(text(fields.kind, 'unknown')).inc();
      return;
    case 'run-completed':
      instruments.runsEnded.labels('completed').inc();
      return;
    case 'run-cancelled':
      instruments.runsEnded.labels('cancelled').inc();
      return;
    case 'run-failed':
      instruments.runsEnded.labels('failed').inc();
      instruments.errors
        .labels('run', text(fields.error?.name, 'Error'), text(fields.error?.code, 'none'))
        .inc();
      return;
    case 'step-started':
      instruments.stepsStarted.labels(text(fields.kind, 'unknown')).inc();
      return;
    case 'step-completed': {
      const kind = text(fields.kind, 'unknown');
      instruments.stepsCompleted.labels(kind).inc();
      if (typeof fields.durationMs === 'number')
        instruments.stepDuration.labels(kind).observe(fields.durationMs / 1000);
      return;
    }
    default:
      return;
  }
}

/** The payload fields the meter reads; anything may be missing. */
interface RunEventFields {
  readonly kind?: unknown;
  readonly durationMs?: unknown;
  readonly error?: { readonly name?: unknown; readonly code?: unknown };
}

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}
