import type { ModelCallOptions } from '../spec/model.ts';

/** Output tokens assumed for a call that sets no `maxOutputTokens`; a budgeted call is sent with it. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4_096;

/** Tokens a provider adds around tool definitions (Anthropic's tool-use system prompt is a few hundred). */
const TOOL_OVERHEAD_TOKENS = 512;

/** A call's token estimate: an upper bound on input, and the most output it may produce. */
export interface CallTokenEstimate {
  readonly input: number;
  readonly output: number;
}

/**
 * An upper bound on a call's tokens, for budget reservations and rate limits. Input is bounded by the
 * UTF-8 size of the prompt and tool definitions as JSON: byte-level BPE tokenizers never produce more
 * tokens than bytes, and the JSON punctuation covers the few tokens a provider adds per message. It
 * overestimates plain English about fourfold, which costs nothing but headroom: the reservation is
 * settled to the actual usage when the call ends. Output is `maxOutputTokens`, or `defaultOutput`.
 *
 * @example
 * const { input, output } = estimateCallTokens(options);
 */
export function estimateCallTokens(
  options: Pick<ModelCallOptions, 'prompt' | 'tools' | 'maxOutputTokens'>,
  defaultOutput = DEFAULT_MAX_OUTPUT_TOKENS,
): CallTokenEstimate {
  let input = Buffer.byteLength(JSON.stringify(options.prompt));
  if (options.tools !== undefined && options.tools.length > 0) {
    input += Buffer.byteLength(JSON.stringify(options.tools)) + TOOL_OVERHEAD_TOKENS;
  }
  return { input, output: options.maxOutputTokens ?? defaultOutput };
}
