import { formatUsd } from '../cost/format-usd.ts';
import type { StoredEvent } from '../spec/store.ts';

type Payload = Readonly<Record<string, unknown>>;

const LENGTH = 160;
/** Fields of a payload a summary leaves out: the event's own type and time, and bulky texts. */
const SKIPPED = new Set(['type', 'at', 'message', 'text', 'request', 'usage', 'cost', 'calls']);

/**
 * A compact one-line summary of an event's payload: the facts of the known types (the step, the
 * effect key, the model, tokens, cost, duration, the error), else its fields as compact JSON, cut to
 * one terminal line.
 *
 * @example
 * summarizeEvent(event); // 'step-0/agent:Writer/t1/model · scripted/hello.replies.yaml · 42 in, 16 out · $0.00 · 3 ms'
 */
export function summarizeEvent(event: Pick<StoredEvent, 'type' | 'payload'>): string {
  const payload: Payload =
    typeof event.payload === 'object' && event.payload !== null ? (event.payload as Payload) : {};
  const summary = knownSummary(event.type, payload) ?? genericSummary(event.payload);
  const line = summary.replaceAll('\n', ' ');
  return line.length > LENGTH ? `${line.slice(0, LENGTH - 1)}…` : line;
}

function knownSummary(type: string, payload: Payload): string | undefined {
  const facts = (...parts: (string | undefined)[]) =>
    parts.filter((part) => part !== undefined && part !== '').join(' · ');
  switch (type) {
    case 'run-started':
    case 'run-resumed':
      return facts(
        `${text(payload.kind) ?? 'run'} ${text(payload.name) ?? ''}`.trim(),
        text(payload.owner) === undefined ? undefined : `owner ${text(payload.owner)}`,
        typeof payload.recordedEffects === 'number'
          ? `${payload.recordedEffects} effects recorded`
          : undefined,
      );
    case 'run-completed': {
      const effects = payload.effects as { recorded?: unknown; performed?: unknown } | undefined;
      return facts(
        money(payload.costUsd),
        effects === undefined
          ? undefined
          : `${effects.performed} effects performed, ${effects.recorded} replayed`,
      );
    }
    case 'step-started':
      return stepOf(payload);
    case 'step-completed':
      return facts(stepOf(payload), ms(payload.durationMs), money(payload.costUsd), errorOf(payload.error));
    case 'process-spawn':
      return facts(
        `pid ${payload.pid} ${text(payload.name) ?? ''}`.trim(),
        payload.parent === undefined ? undefined : `parent pid ${payload.parent}`,
      );
    case 'process-exit':
      return facts(`pid ${payload.pid} ${text(payload.name) ?? ''}`.trim(), reasonOf(payload.reason));
    case 'process-restart':
      return facts(
        `${text(payload.child)} restarted as pid ${payload.pid} (restart ${payload.attempt})`,
        reasonOf(payload.reason),
      );
    case 'process-stop':
      return facts(
        `${text(payload.child)} stopped by ${text(payload.supervisorName)}`,
        reasonOf(payload.reason),
      );
    case 'supervisor-give-up':
      return facts(
        `${text(payload.supervisorName)} gave up on ${text(payload.child)}${payload.escalated === true ? ' (escalated)' : ''}`,
        reasonOf(payload.reason),
      );
    default:
      break;
  }
  if (/^[a-z]+(-[a-z]+)*-(started|completed|failed)$/.test(type) && typeof payload.key === 'string') {
    const request = payload.request as { model?: unknown; tool?: unknown } | undefined;
    return facts(
      payload.key,
      // The model that answered (a fallback, say) when the event has it, else the one asked for.
      modelOf(payload) ?? text(request?.model) ?? text(request?.tool),
      tokens(payload.usage),
      money(payload.costUsd),
      ms(payload.durationMs),
      errorOf(payload.error),
    );
  }
  if (payload.error !== undefined && /-(failed|cancelled)$/.test(type)) return errorOf(payload.error);
  return undefined;
}

function genericSummary(payload: unknown): string {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return JSON.stringify(payload) ?? '';
  const kept = Object.entries(payload).filter(([key]) => !SKIPPED.has(key));
  return kept
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
}

/** `#1 Writer drafts the greeting`, `#2 review (Editor)`, `#3 set`. */
function stepOf(payload: Payload): string {
  const index = typeof payload.index === 'number' ? `#${payload.index + 1}` : '#?';
  const who = text(payload.agent) ?? text(payload.kind) ?? 'step';
  const what = text(payload.description) === undefined ? who : `${who} ${text(payload.description)}`;
  const id = text(payload.id);
  return id === undefined ? `${index} ${what}` : `${index} ${id} (${what})`;
}

function modelOf(payload: Payload): string | undefined {
  const model = text(payload.model);
  if (model === undefined) return undefined;
  return text(payload.provider) === undefined ? model : `${text(payload.provider)}/${model}`;
}

function tokens(usage: unknown): string | undefined {
  const counts = usage as { inputTokens?: unknown; outputTokens?: unknown } | undefined;
  if (typeof counts?.inputTokens !== 'number' || typeof counts.outputTokens !== 'number') return undefined;
  return `${counts.inputTokens} in, ${counts.outputTokens} out`;
}

function money(usd: unknown): string | undefined {
  return typeof usd === 'number' ? formatUsd(usd) : undefined;
}

function ms(duration: unknown): string | undefined {
  return typeof duration === 'number' ? `${duration} ms` : undefined;
}

function errorOf(error: unknown): string | undefined {
  const stored = error as { name?: unknown; message?: unknown } | undefined;
  if (typeof stored?.message !== 'string') return undefined;
  const first = stored.message.split('\n', 1)[0];
  return typeof stored.name === 'string' ? `${stored.name}: ${first}` : `error: ${first}`;
}

/** A process's exit reason: `shutdown`, or `ModelCallError (model_call_failed): Overloaded`. */
function reasonOf(reason: unknown): string | undefined {
  if (typeof reason === 'string') return reason;
  const error = reason as
    | { name?: unknown; code?: unknown; message?: unknown; providerMessage?: unknown }
    | undefined;
  if (typeof error !== 'object' || error === null) return undefined;
  const name = `${text(error.name) ?? 'error'}${text(error.code) === undefined ? '' : ` (${text(error.code)})`}`;
  const message = text(error.message) ?? text(error.providerMessage);
  return message === undefined ? name : `${name}: ${message.split('\n', 1)[0]}`;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
