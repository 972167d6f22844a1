/** Prometheus metrics of a Vega runtime: `createRuntime({ metrics: true })`, `serveMetrics`. */

export { meteredPipeline } from './metered-pipeline.ts';
export { createMetricInstruments, type MetricInstruments } from './metric-instruments.ts';
export { MetricsServerError } from './metrics-server-error.ts';
export { type ModelCallMeter, modelCallMeter } from './model-call-meter.ts';
export {
  type MetricsServer,
  type MetricsSource,
  type ServeMetricsOptions,
  serveMetrics,
} from './serve-metrics.ts';
export { createVegaMetrics, type VegaMetrics, type VegaMetricsOptions } from './vega-metrics.ts';
