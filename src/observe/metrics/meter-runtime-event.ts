import type { RuntimeEvent } from '../../runtime/runtime-event.ts';
import type { MetricInstruments } from './metric-instruments.ts';

/**
 * Counts one process-runtime event: processes alive, restarts and supervisors that gave up.
 *
 * @example
 * runtime.processes.on((event) => meterRuntimeEvent(instruments, event));
 */
export function meterRuntimeEvent(instruments: MetricInstruments, event: RuntimeEvent): void {
  switch (event.type) {
    case 'process-spawn':
      instruments.activeProcesses.inc();
      return;
    case 'process-exit':
      instruments.activeProcesses.dec();
      return;
    case 'process-restart':
      instruments.restarts.labels(event.child).inc();
      return;
    case 'supervisor-give-up':
      instruments.supervisorGiveUps.labels(event.child).inc();
      return;
    default:
      return;
  }
}
