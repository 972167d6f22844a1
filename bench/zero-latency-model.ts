import type { LanguageModelV4GenerateResult } from '@ai-sdk/provider';
import type { Model, ModelCallOptions } from '../src/spec/model.ts';
import { MAX_OUTPUT_TOKENS, MODEL_ID } from './traffic-plan.ts';

const result: LanguageModelV4GenerateResult = {
  content: [{ type: 'text', text: 'ok' }],
  finishReason: { unified: 'stop', raw: 'end_turn' },
  usage: {
    inputTokens: { total: 120, noCache: 120, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: 200, text: 200, reasoning: 0 },
  },
  warnings: [],
};

/**
 * The model-call benchmarks' model: priced (Anthropic's provider name and a known model id), and it
 * answers at once, so what is measured is Vega's own work per call.
 *
 * @example
 * await runtime.pipeline.generate(zeroLatencyModel, CALL_OPTIONS);
 */
export const zeroLatencyModel: Model = {
  specificationVersion: 'v4',
  provider: 'anthropic.messages',
  modelId: MODEL_ID,
  supportedUrls: {},
  doGenerate: async () => result,
  doStream: async () => {
    throw new Error('Benchmark: the zero-latency model does not stream.');
  },
};

/** The prompt every benchmarked call sends. */
export const PROMPT = 'Summarise the rate-limit headers of the last response in one sentence.';

/** The options of every benchmarked call. */
export const CALL_OPTIONS: ModelCallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: PROMPT }] }],
  maxOutputTokens: MAX_OUTPUT_TOKENS,
};

/** Limits no call ever waits for, so the limiter's full path (buckets, holds, reconcile) runs every call. */
export const NEVER_BINDING = { requestsPerMinute: 1e12, tokensPerMinute: 1e15 };
/** A budget that never refuses, so every call reserves and settles. */
export const LARGE_BUDGET_USD = 1e9;
/** Calls per timed run: each run gets a fresh budget tree, which remembers every key it has seen. */
export const CALLS_PER_RUN = 1_000;
