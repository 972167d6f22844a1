import { type Span, SpanStatusCode } from '@opentelemetry/api';
import { VegaError } from '../../errors/vega-error.ts';
import { ATTRIBUTES } from './span-names.ts';

/**
 * Marks a span failed: status ERROR with `<code>: <message>`, `error.type` set to the error's stable
 * code (`model_call_failed/overloaded` for classified model errors), and an `exception` event.
 * Exporters pass all of it through the redaction seam, so secrets in messages never leave the process.
 *
 * @example
 * try { await work(); } catch (error) { recordSpanError(span, error); throw error; }
 */
export function recordSpanError(span: Span, error: unknown): void {
  if (!span.isRecording()) return;
  const type = errorType(error);
  const message = error instanceof Error ? error.message : String(error);
  span.setAttribute(ATTRIBUTES.errorType, type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: `${type}: ${message}` });
  span.addEvent('exception', {
    'exception.type': type,
    'exception.message': message,
    ...(error instanceof Error && error.stack !== undefined ? { 'exception.stacktrace': error.stack } : {}),
  });
}

function errorType(error: unknown): string {
  if (VegaError.isInstance(error)) {
    const kind = (error as { kind?: unknown }).kind;
    return typeof kind === 'string' ? `${error.code}/${kind}` : error.code;
  }
  if (error instanceof Error) return error.name;
  return 'unknown';
}
