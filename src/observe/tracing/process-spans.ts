import { type Context, context as otelContext } from '@opentelemetry/api';
import { VegaError } from '../../errors/vega-error.ts';
import { activeTracer } from './active-tracer.ts';
import { inSpan } from './in-span.ts';
import { ATTRIBUTES } from './span-names.ts';

/**
 * The caller's trace context, to send with a request to a process (`{}` when tracing is off): the
 * process handles the request in its own async context, and restores this one so the request's spans
 * are children of the caller's.
 *
 * @example
 * const request: AgentRequestMessage = { input, ...callerTraceContext() };
 */
export function callerTraceContext(): { readonly traceContext?: Context } {
  if (activeTracer() === undefined) return {};
  return { traceContext: otelContext.active() };
}

/**
 * Runs `fn` in the trace context a request brought along, or in the current one without it.
 *
 * @example
 * const result = await inTraceContext(request.traceContext, () => agent.run(input));
 */
export function inTraceContext<T>(traceContext: Context | undefined, fn: () => T): T {
  if (traceContext === undefined) return fn();
  return otelContext.with(traceContext, fn);
}

/**
 * Covers a supervisor's restart of a child, from the decision to the new process being up, with a
 * `vega.process.restart <child>` span (the restart's attempt, the old and new process ids, and why).
 *
 * @example
 * await traceRestart({ child: 'writer', pid: 7, previous: 5, attempt: 1, reason }, started);
 */
export function traceRestart(
  restart: {
    readonly child: string;
    readonly pid: number;
    readonly previous: number | undefined;
    readonly attempt: number;
    readonly reason: unknown;
  },
  fn: () => Promise<void>,
): Promise<void> {
  return inSpan(
    `vega.process.restart ${restart.child}`,
    () => ({
      [ATTRIBUTES.processId]: String(restart.pid),
      'vega.process.child': restart.child,
      ...(restart.previous === undefined ? {} : { 'vega.process.previous_id': String(restart.previous) }),
      'vega.restart.attempt': restart.attempt,
      'vega.restart.reason': reasonOf(restart.reason),
    }),
    fn,
  );
}

function reasonOf(reason: unknown): string {
  if (typeof reason === 'string') return reason;
  if (VegaError.isInstance(reason)) return reason.code;
  return reason instanceof Error ? reason.name : 'error';
}
