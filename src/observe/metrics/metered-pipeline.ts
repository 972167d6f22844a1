import type { ModelPipeline } from '../../policy/model-pipeline.ts';
import type { ModelCallMeter } from './model-call-meter.ts';

/**
 * The pipeline with every call metered: its outcome, duration (queueing and retries included), tokens
 * and cost, or its failure. Only built when metrics are on, so a runtime without them pays nothing.
 *
 * @example
 * const pipeline = meteredPipeline(createModelPipeline(options), modelCallMeter(instruments));
 */
export function meteredPipeline(
  pipeline: ModelPipeline,
  meter: ModelCallMeter,
  now: () => number = performance.now.bind(performance),
): ModelPipeline {
  return {
    rateLimits: pipeline.rateLimits,
    breakers: pipeline.breakers,
    async generate(request) {
      const startedAt = now();
      try {
        const outcome = await pipeline.generate(request);
        meter.completed(outcome, (now() - startedAt) / 1000);
        return outcome;
      } catch (error) {
        meter.failed(request.model, error, (now() - startedAt) / 1000);
        throw error;
      }
    },
    async *stream(request) {
      const startedAt = now();
      try {
        const outcome = yield* pipeline.stream(request);
        meter.completed(outcome, (now() - startedAt) / 1000);
        return outcome;
      } catch (error) {
        meter.failed(request.model, error, (now() - startedAt) / 1000);
        throw error;
      }
    },
  };
}
