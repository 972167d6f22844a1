import type { StoredEvent } from '../spec/store.ts';
import { summarizeEvent } from './summarize-event.ts';

const TYPE_WIDTH = 20;

/**
 * One event as `vega events` prints it: `seq  time  type  summary` in text (the type coloured by how
 * it ended with `color`), or one JSON object (a JSON Lines record) with the time in ISO 8601.
 *
 * @example
 * for (const event of await store.listEvents({ runId })) io.stdout(`${formatEventLine(event, { output: 'text', color: false })}\n`);
 */
export function formatEventLine(
  event: StoredEvent,
  options: { readonly output: 'text' | 'json'; readonly color: boolean },
): string {
  const at = new Date(event.at).toISOString();
  if (options.output === 'json') {
    return JSON.stringify({
      runId: event.runId,
      seq: event.seq,
      at,
      type: event.type,
      ...(event.processId === undefined ? {} : { processId: event.processId }),
      ...(event.spanId === undefined ? {} : { spanId: event.spanId }),
      payload: event.payload,
    });
  }
  const type = event.type.padEnd(TYPE_WIDTH);
  const painted = options.color ? `\u001b[${colorOf(event.type)}m${type}\u001b[0m` : type;
  return `${String(event.seq).padStart(4)}  ${at}  ${painted}  ${summarizeEvent(event)}`.trimEnd();
}

function colorOf(type: string): string {
  if (/-(failed|exceeded|give-up|error)$/.test(type)) return '31';
  if (/-(completed|resumed)$/.test(type)) return '32';
  if (/-(cancelled|restart|paused|threshold)$/.test(type)) return '33';
  return '36';
}
