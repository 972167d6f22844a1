import type { Histogram } from 'prom-client';
import { ModelCallError } from '../../errors/model-call-error.ts';
import { VegaError } from '../../errors/vega-error.ts';
import type { ModelCallOutcome } from '../../policy/model-call-request.ts';
import type { Model } from '../../spec/model.ts';
import type { MetricInstruments } from './metric-instruments.ts';

/**
 * One model's counts since the last scrape, in plain numbers: a prom-client `inc` hashes its labels
 * every time (~0.5 µs), and a call would make five of them.
 */
interface ModelTally {
  readonly provider: string;
  readonly model: string;
  readonly duration: Histogram.Internal<'provider' | 'model'>;
  ok: number;
  error: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  usd: number;
}

/** Records model calls as the pipeline ends them. */
export interface ModelCallMeter {
  /** A call that answered, `seconds` after it was asked for. */
  completed(outcome: ModelCallOutcome, seconds: number): void;
  /** A call that failed with `error` (retries spent, or a policy stopped it). */
  failed(model: Model, error: unknown, seconds: number): void;
  /** Hands the counts gathered since the last call to the counters (a scrape does it). */
  flush(): void;
}

/**
 * The model-call part of the metrics: calls by outcome, duration, tokens by direction, cost and errors.
 * Counts gather in plain numbers per model and reach the counters when they are read.
 *
 * @example
 * const meter = modelCallMeter(createMetricInstruments(registry));
 * meter.completed(outcome, 0.8);
 */
export function modelCallMeter(instruments: MetricInstruments): ModelCallMeter {
  const tallies = new Map<string, ModelTally>();
  const tallyOf = (model: Model): ModelTally => {
    const key = `${model.provider}\u0000${model.modelId}`;
    let found = tallies.get(key);
    if (found === undefined) {
      const provider = providerOf(model);
      found = {
        provider,
        model: model.modelId,
        duration: instruments.modelCallDuration.labels(provider, model.modelId),
        ok: 0,
        error: 0,
        input: 0,
        output: 0,
        cacheRead: 0,
        cacheWrite: 0,
        usd: 0,
      };
      tallies.set(key, found);
    }
    return found;
  };
  return {
    completed(outcome, seconds) {
      const tally = tallyOf(outcome.model);
      tally.ok += 1;
      tally.duration.observe(seconds);
      const { usage } = outcome;
      tally.input += usage.inputTokens;
      tally.output += usage.outputTokens;
      tally.cacheRead += usage.cacheReadTokens;
      tally.cacheWrite += usage.cacheWriteTokens;
      tally.usd += outcome.cost.usd ?? 0;
    },
    failed(model, error, seconds) {
      const tally = tallyOf(model);
      tally.error += 1;
      tally.duration.observe(seconds);
      const { name, code } = errorLabels(error);
      instruments.errors.labels('model_call', name, code).inc();
      // The last attempt's 429: the ones before it were counted as they were retried.
      if (ModelCallError.isModelCallError(error) && error.kind === 'rate_limit')
        instruments.rateLimited.labels(tally.provider, tally.model).inc();
    },
    flush() {
      const { modelCalls, tokens, cost } = instruments;
      for (const tally of tallies.values()) {
        const { provider, model } = tally;
        // A series appears from the first call on (at 0), so rates over it start at once.
        modelCalls.labels(provider, model, 'ok').inc(tally.ok);
        if (tally.error > 0) modelCalls.labels(provider, model, 'error').inc(tally.error);
        if (tally.ok > 0 || tally.input > 0) {
          tokens.labels(model, 'input').inc(tally.input);
          tokens.labels(model, 'output').inc(tally.output);
          cost.labels(model).inc(tally.usd);
        }
        if (tally.cacheRead > 0) tokens.labels(model, 'cache_read').inc(tally.cacheRead);
        if (tally.cacheWrite > 0) tokens.labels(model, 'cache_write').inc(tally.cacheWrite);
        tally.ok = 0;
        tally.error = 0;
        tally.input = 0;
        tally.output = 0;
        tally.cacheRead = 0;
        tally.cacheWrite = 0;
        tally.usd = 0;
      }
    },
  };
}

/** A model's provider without its API flavour (`anthropic.messages` → `anthropic`). */
export function providerOf(model: Pick<Model, 'provider'>): string {
  const dot = model.provider.indexOf('.');
  return dot === -1 ? model.provider : model.provider.slice(0, dot);
}

/** An error's class and its stable code (a model error's kind), for bounded labels. */
export function errorLabels(error: unknown): { name: string; code: string } {
  if (ModelCallError.isModelCallError(error)) return { name: 'ModelCallError', code: error.kind };
  if (VegaError.isInstance(error)) return { name: error.name, code: error.code };
  if (error instanceof Error) return { name: error.name === '' ? 'Error' : error.name, code: 'none' };
  return { name: 'unknown', code: 'none' };
}
