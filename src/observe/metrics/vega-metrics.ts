import { Registry } from 'prom-client';
import type { PolicyEvent } from '../../policy/policy-event.ts';
import type { RuntimeEvent } from '../../runtime/runtime-event.ts';
import { meterPolicyEvent } from './meter-policy-event.ts';
import { meterRunEvent } from './meter-run-event.ts';
import { meterRuntimeEvent } from './meter-runtime-event.ts';
import { createMetricInstruments, type MetricInstruments } from './metric-instruments.ts';
import { type ModelCallMeter, modelCallMeter } from './model-call-meter.ts';

/** Options of {@link createVegaMetrics}. */
export interface VegaMetricsOptions {
  /** Where the metrics are registered. Default a registry of Vega's own, never prom-client's global one. */
  readonly registry?: Registry;
}

/**
 * Vega's Prometheus metrics and the listeners that feed them. `createRuntime({ metrics: true })` makes
 * one and subscribes it; build your own to share a registry with your application's metrics.
 *
 * @example
 * const metrics = createVegaMetrics();
 * const runtime = createRuntime({ metrics });
 * console.log(await metrics.text());
 */
export interface VegaMetrics {
  readonly registry: Registry;
  readonly instruments: MetricInstruments;
  /** Records the pipeline's model calls. */
  readonly modelCalls: ModelCallMeter;
  /** The exposition's content type (`text/plain; version=0.0.4; charset=utf-8`). */
  readonly contentType: string;
  /** The metrics in the Prometheus text format. */
  text(): Promise<string>;
  /** Listener for policy events. */
  onPolicyEvent(event: PolicyEvent): void;
  /** Listener for process-runtime events. */
  onRuntimeEvent(event: RuntimeEvent): void;
  /** Listener for the events of runs' event logs. */
  onRunEvent(type: string, payload: unknown): void;
}

/**
 * Creates Vega's metrics on a registry of their own (or `options.registry`).
 *
 * @example
 * const metrics = createVegaMetrics();
 * runtime.policyEvents.on(metrics.onPolicyEvent);
 */
export function createVegaMetrics(options: VegaMetricsOptions = {}): VegaMetrics {
  const registry = options.registry ?? new Registry();
  // The counters ask the meter for what it gathered whenever they are read.
  let meter: ModelCallMeter | undefined;
  const instruments = createMetricInstruments(registry, () => meter?.flush());
  meter = modelCallMeter(instruments);
  return {
    registry,
    instruments,
    modelCalls: meter,
    contentType: registry.contentType,
    text: () => registry.metrics(),
    onPolicyEvent: (event) => meterPolicyEvent(instruments, event),
    onRuntimeEvent: (event) => meterRuntimeEvent(instruments, event),
    onRunEvent: (type, payload) => meterRunEvent(instruments, type, payload),
  };
}
