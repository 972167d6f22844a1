import { describeExitReason, isAbnormalExit } from '../runtime/process/exit-reason.ts';
import type { RuntimeEvent } from '../runtime/runtime-event.ts';

/**
 * One stderr line for the supervision events a person running a workflow wants to see: a restart, a
 * stop after a failure, an escalation or give-up, a health warning. Other events give undefined.
 *
 * @example
 * runtime.processes.on((event) => { const line = formatSupervisionEvent(event, { color: false }); if (line) console.error(line); });
 */
export function formatSupervisionEvent(
  event: RuntimeEvent,
  options: { readonly color: boolean },
): string | undefined {
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  switch (event.type) {
    case 'process-restart': {
      const after = event.delayMs > 0 ? `, after ${event.delayMs} ms` : '';
      return `${paint('33', '↻')} ${event.child} restarted (restart ${event.attempt}${after}) — it failed: ${describeExitReason(event.reason)}`;
    }
    case 'process-stop':
      if (!isAbnormalExit(event.reason)) return undefined;
      return `${paint('31', '■')} ${event.child} stopped (supervision: stop) — it failed: ${describeExitReason(event.reason)}`;
    case 'supervisor-give-up':
      return event.escalated
        ? `${paint('1;31', '⇡')} ${event.child} escalated its failure to the workflow — ${describeExitReason(event.reason)}`
        : `${paint('1;31', '✗')} ${event.child} failed again after ${event.restarts} restarts; supervision gives up — ${describeExitReason(event.reason)}`;
    case 'agent-health':
      return `${paint('33', '⚠')} ${event.agent}: ${event.problem} (${event.detail})`;
    default:
      return undefined;
  }
}
